/**
 * Waiting for an instance to end, in-process: an end this process commits answers the waiter from the committed
 * row (the database is never touched: it is a trap here), before or after the waiter subscribed; a notice from
 * elsewhere asks for a read; the wait ends on its time, the client's abort or the bus closing, and nothing stays
 * registered afterwards.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../store/database.js";
import type { InstanceRecord } from "../store/instances/index.js";
import { eventsCommitted } from "./committed-events.js";
import type { EventBus } from "./event-bus.js";
import { createInstanceEndings } from "./instance-endings.js";

const ID = "00000000-0000-4000-8000-000000000001";

/** A database handle that records any use: the in-process paths must not read. */
function trapDb() {
  const used: string[] = [];
  const db = new Proxy(
    {},
    {
      get(_target, property) {
        used.push(String(property));
        throw new Error("the database was read");
      },
    },
  ) as Db;
  return { db, used };
}

/** A bus that only counts and delivers what the test says came from elsewhere. */
function fakeBus() {
  const closing = new AbortController();
  const subscribers = new Map<string, Set<() => void>>();
  let heard = 0;
  const bus: EventBus & { fromElsewhere(id: string): void } = {
    subscribe(id, wake, only) {
      expect(only).toBe("elsewhere");
      const set = subscribers.get(id) ?? new Set();
      subscribers.set(id, set);
      set.add(wake);
      return () => set.delete(wake);
    },
    publish() {},
    signal: closing.signal,
    get heardFromElsewhere() {
      return heard;
    },
    async close() {
      closing.abort();
    },
    fromElsewhere(id) {
      heard++;
      for (const wake of subscribers.get(id) ?? []) wake();
    },
  };
  return bus;
}

const row = (status: InstanceRecord["status"], rev: number): InstanceRecord => ({
  id: ID,
  tenantId: "default",
  flowTypeId: "f",
  version: 1,
  name: null,
  testRevision: null,
  status,
  snapshot: { value: "done", context: {} },
  context: { input: {}, phases: {}, vars: {} },
  currentNodes: [],
  rev,
  parentId: null,
  parentNodeId: null,
  idempotencyKey: null,
  lastError: null,
  createdAt: new Date(0),
  updatedAt: new Date(rev),
  finishedAt: status === "completed" ? new Date(rev) : null,
});

const never = () => new AbortController().signal;

describe("instance endings", () => {
  it("answers from the row this process committed, without reading the database", async () => {
    const { db, used } = trapDb();
    const endings = createInstanceEndings(db, fakeBus());
    const mark = endings.mark();
    const waiting = endings.wait({ record: row("running", 0), mark, ms: 60_000, signal: never() });
    expect(endings.size()).toBe(1);
    eventsCommitted(db, [ID], [row("running", 1)]);
    eventsCommitted(db, [ID], [row("completed", 2)]);
    expect(await waiting).toMatchObject({ status: "completed", rev: 2 });
    expect(used).toEqual([]);
    expect(endings.size()).toBe(0);
  });

  it("sees an end committed between the create and the wait (kept while a mark is open), without a read", async () => {
    const { db, used } = trapDb();
    const endings = createInstanceEndings(db, fakeBus());
    const mark = endings.mark();
    eventsCommitted(db, [ID], [row("completed", 1)]);
    expect(await endings.wait({ record: row("running", 0), mark, ms: 60_000, signal: never() })).toMatchObject({
      status: "completed",
    });
    expect(used).toEqual([]);
    expect(endings.size()).toBe(0);
  });

  it("answers an instance that stopped for a person (waiting) at once: nothing moves it within the wait", async () => {
    const { db } = trapDb();
    const endings = createInstanceEndings(db, fakeBus());
    const waiting = endings.wait({ record: row("running", 0), mark: endings.mark(), ms: 60_000, signal: never() });
    eventsCommitted(db, [ID], [row("waiting", 1)]);
    expect((await waiting).status).toBe("waiting");
  });

  it("reads the instance once when another process announces a change", async () => {
    const { db, used } = trapDb();
    const bus = fakeBus();
    const endings = createInstanceEndings(db, bus);
    const waiting = endings.wait({ record: row("running", 0), mark: endings.mark(), ms: 50, signal: never() });
    bus.fromElsewhere(ID);
    // The trap refuses the read: the wait runs out and answers what it knew.
    expect((await waiting).status).toBe("running");
    expect(used.length).toBeGreaterThan(0);
  });

  it("reads once after subscribing when a notice from elsewhere came between the mark and the wait", async () => {
    const { db, used } = trapDb();
    const bus = fakeBus();
    const endings = createInstanceEndings(db, bus);
    const mark = endings.mark();
    bus.fromElsewhere("00000000-0000-4000-8000-00000000000f");
    await endings.wait({ record: row("running", 0), mark, ms: 20, signal: never() });
    expect(used.length).toBeGreaterThan(0);
  });

  it("releases the wait when the client goes away or the bus closes, and when its time passes", async () => {
    const { db } = trapDb();
    const bus = fakeBus();
    const endings = createInstanceEndings(db, bus);
    const client = new AbortController();
    const aborted = endings.wait({
      record: row("running", 0),
      mark: endings.mark(),
      ms: 60_000,
      signal: client.signal,
    });
    const closed = endings.wait({ record: row("running", 0), mark: endings.mark(), ms: 60_000, signal: never() });
    const timed = endings.wait({ record: row("running", 0), mark: endings.mark(), ms: 1, signal: never() });
    expect(endings.size()).toBe(3);
    expect((await timed).status).toBe("running");
    client.abort();
    expect((await aborted).status).toBe("running");
    expect(endings.size()).toBe(1);
    await bus.close();
    expect((await closed).status).toBe("running");
    expect(endings.size()).toBe(0);
  });

  it("counts a mark whose create failed until it is released", () => {
    const endings = createInstanceEndings(trapDb().db, fakeBus());
    const mark = endings.mark();
    expect(endings.size()).toBe(1);
    mark.release();
    mark.release();
    expect(endings.size()).toBe(0);
  });
});
