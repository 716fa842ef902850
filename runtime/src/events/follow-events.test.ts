/**
 * Following an instance's history with several streams at once, on both databases: they share one reader, so one
 * wake-up costs one read of the events whatever the number of streams, and the instance's end comes from its
 * events without a status read. Each stream still gets every event once, in order, then the end, including one
 * that starts from the beginning after the others have read ahead. The bus is a stand-in the test wakes by hand,
 * and the worker does not run on its own, so every statement counted is a stream's.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { eventsOf } from "../store/instances/index.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";
import type { EventBus } from "./event-bus.js";
import { type FollowItem, followEvents } from "./follow-events.js";

const TENANT = "default";
const SIGNED = {
  id: "followed",
  name: "Followed",
  nodes: [
    { id: "start", type: "start" },
    { id: "prepare", type: "phase", handler: "transform", params: { expression: "{ 'ready': true }" } },
    { id: "sign", type: "approval" },
    { id: "finish", type: "phase", handler: "transform", params: { expression: "{ 'done': true }" } },
    { id: "done", type: "end" },
    { id: "rejected", type: "end", outcome: "failed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "prepare" },
    { id: "e2", source: "prepare", target: "sign" },
    { id: "e3", source: "sign", target: "finish", on: "approve" },
    { id: "e4", source: "sign", target: "rejected", on: "reject" },
    { id: "e5", source: "finish", target: "done" },
  ],
} as FlowDefinition;

/** A bus that wakes only when the test says so. */
function handBus() {
  const subscribers = new Map<string, Set<() => void>>();
  const closing = new AbortController();
  const bus: EventBus = {
    subscribe(id, wake) {
      const set = subscribers.get(id) ?? new Set();
      subscribers.set(id, set);
      set.add(wake);
      return () => set.delete(wake);
    },
    publish(ids) {
      for (const id of ids) for (const wake of subscribers.get(id) ?? []) wake();
    },
    signal: closing.signal,
    heardFromElsewhere: 0,
    close: async () => closing.abort(),
  };
  return bus;
}

/** Counts the statements reading events, and those reading an instance's status, sent on `runtime`'s database. */
function countReads(runtime: Runtime) {
  const client = runtime.database.client as unknown as { query: (...args: unknown[]) => unknown };
  const query = client.query;
  const counts = { events: 0, status: 0 };
  client.query = function (this: unknown, config: unknown, ...rest: unknown[]) {
    const text = typeof config === "string" ? config : (config as { text?: string }).text;
    if (text?.includes("from events")) counts.events++;
    if (text?.includes("select status from instances")) counts.status++;
    return query.call(this, config, ...rest);
  };
  const stop = () => {
    client.query = query;
  };
  return { counts, stop };
}

/** Follows `id` in the background: its items so far, and a promise of all of them once it ends. */
function follow(runtime: Runtime, bus: EventBus, id: string, signal: AbortSignal) {
  const items: FollowItem[] = [];
  const done = (async () => {
    for await (const item of followEvents({
      db: runtime.database.db,
      bus,
      tenantId: TENANT,
      instanceId: id,
      after: 0,
      signal,
      pollMs: 600_000,
    }))
      items.push(item);
    return items;
  })();
  return { items, done };
}

/** Resolves once `check` holds, checking after each turn of the event loop. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

const seqs = (items: FollowItem[]) => items.flatMap((item) => (item.kind === "event" ? [item.row.seq] : []));

describe.each(["pglite", "postgres"] as const)("following an instance with several streams (%s)", (driver) => {
  let runtime: Runtime;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mfo-follow-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dir, databaseUrl ? { databaseUrl } : {}));
    await runtime.registry.publish(TENANT, SIGNED);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads once per wake-up for all streams, ends from the events, and gives each every event once, in order", async () => {
    const { engine, database } = runtime;
    const { record } = await engine.create(TENANT, { flowType: SIGNED.id });
    while ((await engine.runOnce()) > 0);
    const bus = handBus();
    const client = new AbortController();
    const streams = Array.from({ length: 5 }, () => follow(runtime, bus, record.id, client.signal));
    const waiting = (await eventsOf(database.db, record.id)).at(-1)?.seq as number;
    await until(() => streams.every((s) => seqs(s.items).at(-1) === waiting));
    // A late stream from the start: the shared reader is past it, so it reads the history itself, then joins.
    streams.push(follow(runtime, bus, record.id, client.signal));
    await until(() => seqs((streams.at(-1) as (typeof streams)[number]).items).at(-1) === waiting);

    await engine.execute(TENANT, record.id, { node: "sign", decision: "approve" });
    while ((await engine.runOnce()) > 0);
    const reads = countReads(runtime);
    try {
      bus.publish([record.id]);
      const all = await Promise.all(streams.map((s) => s.done));
      expect(reads.counts).toEqual({ events: 1, status: 0 });
      const history = (await eventsOf(database.db, record.id)).map((e) => e.seq);
      for (const items of all) {
        expect(seqs(items)).toEqual(history);
        expect(items.at(-1)).toEqual({ kind: "end", status: "completed" });
      }
    } finally {
      reads.stop();
      client.abort();
    }
  });

  it("ends a stream that starts after the instance ended, and one on a deleted instance", async () => {
    const { engine } = runtime;
    const { record } = await engine.create(TENANT, { flowType: SIGNED.id });
    while ((await engine.runOnce()) > 0);
    await engine.cancel(TENANT, record.id);
    const late = await follow(runtime, handBus(), record.id, new AbortController().signal).done;
    expect(late.at(-1)).toEqual({ kind: "end", status: "cancelled" });
    await engine.remove(TENANT, record.id);
    const gone = await follow(runtime, handBus(), record.id, new AbortController().signal).done;
    expect(gone.at(-1)).toEqual({ kind: "end", status: "deleted" });
  });
});
