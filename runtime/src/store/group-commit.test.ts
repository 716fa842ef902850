/**
 * Group commit: concurrent writes share one transaction, each keeps its own revision check and its own answer,
 * and a write that fails, fails alone. The transactions are counted by the server: the rows one transaction
 * wrote share its id (xmin).
 */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readConfig } from "../server/config.js";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../testing/test-runtime.js";
import { commitInstance, eventsOf, type InstanceCommit, type InstanceRecord, loadInstance } from "./instances/index.js";
import { groupCommitterOf, setGroupCommit } from "./statements.js";

describe("group commit on postgres", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("postgres", inject("postgresUrl"));
    await rt.registry.publish(TENANT, lineFlow("grouped", [{ id: "p", handler: "gated" }]));
  });
  afterAll(async () => {
    await rt?.close();
  });

  /** `count` new instances, as the rows a worker would commit a step over. */
  const instances = async (count: number): Promise<InstanceRecord[]> => {
    const records: InstanceRecord[] = [];
    for (let i = 0; i < count; i++) records.push((await rt.engine.create(TENANT, { flowType: "grouped" })).record);
    return records;
  };

  /** A step that pauses `row`, written over `expectedRev`, with one event at `seq`. */
  const pause = (row: InstanceRecord, expectedRev = row.rev, seq = 100): InstanceCommit => {
    const at = new Date();
    return {
      row: { ...row, status: "paused", rev: row.rev + 1, updatedAt: at },
      expectedRev,
      at,
      ended: false,
      events: [{ seq, type: "instance.paused", nodeId: null, at, data: null }],
      timers: [],
      firedTimers: [],
      phaseRuns: [],
      attempts: [],
      children: [],
    };
  };

  /** How many transactions wrote the current versions of these instance rows. */
  const pool = () => rt.database.client as pg.Pool;
  const transactionsOf = async (ids: string[]): Promise<number> => {
    const { rows } = await pool().query(
      "select count(distinct xmin::text)::int as n from instances where id = any($1::uuid[])",
      [ids],
    );
    return rows[0].n;
  };

  /** A committer of its own for the test, writing one batch at a time, so that its batches are predictable. */
  const oneBatchAtATime = () => {
    setGroupCommit(rt.database.db, true, { maxBatch: 64, maxInFlight: 1 });
    return groupCommitterOf(rt.database.db);
  };

  it("writes concurrent commits of many instances in one transaction per batch, each answered", async () => {
    const rows = await instances(30);
    const committer = oneBatchAtATime();
    const answers = await Promise.all(rows.map((row) => commitInstance(rt.database.db, pause(row))));
    expect(answers).toEqual(rows.map(() => true));
    // The first write found no batch in flight and went alone; the other 29 waited for it and went together.
    expect(committer?.stats).toMatchObject({ writes: 30, transactions: 2, largestBatch: 29 });
    expect(await transactionsOf(rows.map((row) => row.id))).toBe(2);
    for (const row of rows) expect(await loadInstance(rt.database.db, row.id)).toMatchObject({ status: "paused" });
  });

  it("answers false to a commit over a stale revision while the others of its batch commit", async () => {
    const rows = await instances(6);
    const committer = oneBatchAtATime();
    const stale = rows[3] as InstanceRecord;
    const answers = await Promise.all(
      rows.map((row) => commitInstance(rt.database.db, pause(row, row === stale ? row.rev - 1 : row.rev))),
    );
    expect(answers).toEqual(rows.map((row) => row !== stale));
    expect(committer?.stats).toMatchObject({ transactions: 2, fallbacks: 0 });
    expect(await loadInstance(rt.database.db, stale.id)).toMatchObject({ status: "running", rev: stale.rev });
    expect(await transactionsOf(rows.filter((row) => row !== stale).map((row) => row.id))).toBe(2);
  });

  it("fails only the commit that breaks a constraint: its caller gets the error, the others commit", async () => {
    const rows = await instances(6);
    const committer = oneBatchAtATime();
    const broken = rows[2] as InstanceRecord;
    // An instance's first event has seq 1: writing seq 1 again breaks the unique (instance, seq) index.
    const outcomes = await Promise.allSettled(
      rows.map((row) => commitInstance(rt.database.db, pause(row, row.rev, row === broken ? 1 : 100))),
    );
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(outcomes[2]).toMatchObject({ status: "rejected", reason: { code: "23505" } });
    expect(outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(committer?.stats.fallbacks).toBe(1);
    for (const row of rows) {
      const after = await loadInstance(rt.database.db, row.id);
      expect(after?.status).toBe(row === broken ? "running" : "paused");
    }
    expect((await eventsOf(rt.database.db, broken.id)).filter((e) => e.type === "instance.paused")).toEqual([]);
  });

  it("gives every write of a batch the error when its connection is lost, and writes none of them", async () => {
    const [first, held, ...others] = await instances(4);
    const committer = oneBatchAtATime();
    const holder = await pool().connect();
    try {
      await holder.query("begin");
      await holder.query("select id from instances where id = $1 for update", [held?.id]);
      const writes = [first, held, ...others].map((row) =>
        commitInstance(rt.database.db, pause(row as InstanceRecord)).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
      );
      // `first` went alone; the batch of the other three waits for the held row. Its connection is cut.
      let pid: number | undefined;
      // Asked outside the holder's transaction, which would see one snapshot of the activity all along.
      while (pid === undefined) {
        const { rows } = await pool().query(
          "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        pid = rows[0]?.pid;
      }
      await pool().query("select pg_terminate_backend($1)", [pid]);
      const outcomes = await Promise.all(writes);
      expect(outcomes[0]).toEqual({ value: true });
      for (const outcome of outcomes.slice(1)) expect(outcome).toHaveProperty("error");
      expect(committer?.stats.fallbacks).toBe(0);
    } finally {
      await holder.query("rollback");
      holder.release();
    }
    for (const row of [held, ...others]) {
      expect(await loadInstance(rt.database.db, row?.id as string)).toMatchObject({ status: "running" });
    }
  });

  it("writes each commit in its own transaction when turned off", async () => {
    setGroupCommit(rt.database.db, false);
    expect(groupCommitterOf(rt.database.db)).toBeUndefined();
    const rows = await instances(8);
    const answers = await Promise.all(rows.map((row) => commitInstance(rt.database.db, pause(row))));
    expect(answers).toEqual(rows.map(() => true));
    expect(await transactionsOf(rows.map((row) => row.id))).toBe(8);
    setGroupCommit(rt.database.db, true);
  });
});

describe.each(["pglite", "postgres"] as const)("many concurrent writes on %s", (driver) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime(driver, inject("postgresUrl"));
    await rt.registry.publish(
      TENANT,
      lineFlow("busy", [
        { id: "a", handler: "noop" },
        { id: "b", handler: "record" },
      ]),
    );
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("creates and runs every instance exactly once, each create answered with its own instance", async () => {
    // Forty creates at once, two of them sharing each idempotency key: one of each pair creates, the other is
    // answered with that instance (its insert broke the unique index, in a batch or alone).
    const requests = Array.from({ length: 40 }, (_, i) => ({ flowType: "busy", idempotencyKey: `k${i % 20}` }));
    const created = await Promise.all(requests.map((request) => rt.engine.create(TENANT, request)));
    const ids = new Set(created.map((c) => c.record.id));
    expect(ids.size).toBe(20);
    expect(created.filter((c) => c.created)).toHaveLength(20);
    for (const [i, c] of created.entries()) expect(c.record.idempotencyKey).toBe(`k${i % 20}`);
    // The worker runs several instances at once: their commits go in batches too.
    for (const id of ids) expect((await rt.settle(id, ["completed"])).status).toBe("completed");
    // Each instance's side effect ran once, and each wrote its events once.
    expect(rt.calls).toHaveLength(20);
    for (const id of ids) {
      const seqs = (await eventsOf(rt.database.db, id)).map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
  });
});

describe("MFO_GROUP_COMMIT", () => {
  it("is on unless set off, and refuses a value that is neither", () => {
    expect(readConfig({}).groupCommit).toBe(true);
    expect(readConfig({ MFO_GROUP_COMMIT: "off" }).groupCommit).toBe(false);
    expect(readConfig({ MFO_GROUP_COMMIT: "on" }).groupCommit).toBe(true);
    expect(() => readConfig({ MFO_GROUP_COMMIT: "sometimes" })).toThrow(/MFO_GROUP_COMMIT must be on or off/);
  });
});
