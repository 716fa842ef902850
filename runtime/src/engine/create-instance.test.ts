/**
 * A client's create runs the new instance's pure steps before its one statement (create-instance.ts), on both
 * databases: an all-pure flow comes back finished with the history, phase runs and context the worker path gave
 * it; a flow with a side-effecting phase is written up to that phase with a "run now" timer and the worker
 * finishes it; an expression's failure fails the instance as the worker's step did; concurrent creates with one
 * idempotency key still make one instance. "The worker path" is a runtime whose creates run nothing
 * (createBudgetMs: 0), as every create did before issue 17.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventsOf, type InstanceRecord, loadInstance } from "../store/instances/index.js";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../testing/test-runtime.js";

/** A value with the clock's readings left out (two runs never share them). */
const timeless = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, item) => (/At$|^at$|^until$/.test(key) && item !== null ? "<time>" : item));

const transform = (id: string, expression: string) => ({
  id,
  type: "phase",
  handler: "transform",
  params: { expression },
});

/** start -> 3 chained transforms -> parallel (a transform and a noop) -> join -> decision -> transform | end. */
const pure: FlowDefinition = {
  id: "all-pure",
  name: "all pure",
  nodes: [
    { id: "start", type: "start" },
    transform("t1", "input.n + 1"),
    transform("t2", "phases.t1.output * 10"),
    transform("t3", "{ 'sum': phases.t2.output + phases.t1.output, 'tag': input.tag }"),
    { id: "fan", type: "parallel" },
    transform("left", "phases.t3.output.sum * 2"),
    { id: "right", type: "phase", handler: "noop", params: { output: { ok: true } } },
    { id: "merge", type: "join" },
    { id: "big", type: "decision" },
    transform("boost", "phases.left.output + 1"),
    { id: "done", type: "end" },
  ] as FlowDefinition["nodes"],
  edges: [
    { id: "e1", source: "start", target: "t1" },
    { id: "e2", source: "t1", target: "t2" },
    { id: "e3", source: "t2", target: "t3" },
    { id: "e4", source: "t3", target: "fan" },
    { id: "e5", source: "fan", target: "left" },
    { id: "e6", source: "fan", target: "right" },
    { id: "e7", source: "left", target: "merge" },
    { id: "e8", source: "right", target: "merge" },
    { id: "e9", source: "merge", target: "big" },
    { id: "e10", source: "big", target: "boost", condition: "phases.left.output > 10" },
    { id: "e11", source: "big", target: "done", default: true },
    { id: "e12", source: "boost", target: "done" },
  ],
};

/** t1 -> a side-effecting phase -> t2. */
const effectful = lineFlow("effectful", [
  transform("t1", "input.n * 3"),
  { id: "call", handler: "record" },
  transform("t2", "phases.t1.output + 1"),
] as never);

/** The second transform fails its expression (an undefined function is called). */
const failing = lineFlow("failing", [transform("ok", "input.n"), transform("bad", "$nope(phases.ok.output)")] as never);

describe.each(["pglite", "postgres"] as const)("create runs pure steps on %s", (driver) => {
  let rt: TestRuntime;
  let before: TestRuntime;
  beforeAll(async () => {
    // A budget no loaded machine spends (the pool's first job starts its processes): every create runs it all.
    rt = await createTestRuntime(driver, inject("postgresUrl"), { createBudgetMs: 60_000 });
    before = await createTestRuntime(driver, inject("postgresUrl"), { createBudgetMs: 0 });
    for (const flow of [pure, effectful, failing]) {
      await rt.registry.publish(TENANT, flow);
      await before.registry.publish(TENANT, flow);
    }
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    await before?.close();
  });

  const input = { n: 2, tag: "x" };
  const history = async (on: TestRuntime, id: string) =>
    timeless(
      (await eventsOf(on.database.db, id)).map((e) => ({ seq: e.seq, type: e.type, node: e.nodeId, data: e.data })),
    );
  /** Rows of a query on the runtime's own client (PGlite's and pg's answer alike). */
  const rows = async (on: TestRuntime, text: string, id: string) => {
    type Client = { query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
    return (await (on.database.client as Client).query(text, [id])).rows;
  };
  const phaseRuns = (on: TestRuntime, id: string) =>
    rows(on, "select node_id, status, attempts from phase_runs where instance_id = $1::uuid order by node_id", id);
  /** The node data, without what differs between two instances (times; the instance's id where it is named). */
  const attempts = async (on: TestRuntime, id: string) => {
    const found = await rows(
      on,
      `select node_id, run, attempt, status, started_seq, finished_seq, idempotency_key, input, output, validators,
         logs, logs_truncated, error, detail from node_attempts where instance_id = $1::uuid order by id`,
      id,
    );
    return JSON.parse(JSON.stringify(found).split(id).join("<instance>")) as Array<Record<string, unknown>>;
  };
  const liveTimers = (on: TestRuntime, id: string) =>
    rows(on, "select kind, node_id from timers where instance_id = $1::uuid and fired_at is null", id);
  /** The flow as the worker path runs it: created as started, then every step in the worker. */
  const onWorker = async (flow: FlowDefinition) => {
    const { record } = await before.engine.create(TENANT, { flowType: flow.id, input });
    expect(record.status).toBe("running");
    expect(await liveTimers(before, record.id)).toEqual([{ kind: "run", node_id: null }]);
    return before.settle(record.id, ["completed", "failed"]);
  };

  it("creates, runs and finishes an all-pure flow in its one statement, as the worker would have", async () => {
    const { record, created } = await rt.engine.create(TENANT, { flowType: pure.id, input });
    expect(created).toBe(true);
    expect(record.status).toBe("completed");
    expect(record.finishedAt).not.toBeNull();
    expect(record.currentNodes).toEqual([]);
    expect(record.context.phases.boost?.output).toBe(67);
    // What the statement wrote is the record returned, with nothing left for the worker.
    expect(await loadInstance(rt.database.db, record.id)).toEqual(record);
    expect(await liveTimers(rt, record.id)).toEqual([]);
    expect(await rt.engine.runOnce()).toBe(0);

    const worked = await onWorker(pure);
    expect(timeless(record.context)).toEqual(timeless(worked.context));
    expect(await history(rt, record.id)).toEqual(await history(before, worked.id));
    expect(await phaseRuns(rt, record.id)).toEqual(await phaseRuns(before, worked.id));
    expect(await attempts(rt, record.id)).toEqual(await attempts(before, worked.id));
    expect((await attempts(rt, record.id)).map((r) => r.node_id)).toEqual(expect.arrayContaining(["start", "t1"]));
    expect((await phaseRuns(rt, record.id)).map((r) => r.node_id)).toEqual([
      "boost",
      "left",
      "right",
      "t1",
      "t2",
      "t3",
    ]);
  });

  it("writes a flow up to its side-effecting phase with a run-now timer, and the worker finishes it", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: effectful.id, input });
    expect(record.status).toBe("running");
    expect(record.currentNodes).toEqual(["call"]);
    expect(record.context.phases.t1).toMatchObject({ status: "completed", output: 6 });
    expect(record.context.phases.call).toBeUndefined();
    expect(await liveTimers(rt, record.id)).toEqual([{ kind: "run", node_id: null }]);
    expect(await phaseRuns(rt, record.id)).toEqual([{ node_id: "t1", status: "completed", attempts: 1 }]);
    const written = (await eventsOf(rt.database.db, record.id)).map((e) => `${e.type} ${e.nodeId}`);
    expect(written.slice(-2)).toEqual(["node.completed t1", "node.entered call"]);

    const done = await rt.settle(record.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.t2?.output).toBe(7);
    expect(rt.calls.filter((c) => c.startsWith(record.id))).toEqual([`${record.id}:call:1`]);
    const worked = await onWorker(effectful);
    expect(await history(rt, record.id)).toEqual(await history(before, worked.id));
    expect(await phaseRuns(rt, record.id)).toEqual(await phaseRuns(before, worked.id));
    expect(await attempts(rt, record.id)).toEqual(await attempts(before, worked.id));
    expect(await liveTimers(rt, record.id)).toEqual([]);
  });

  it("fails an instance whose expression fails in the create as the worker's step failed it", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: failing.id, input });
    expect(record.status).toBe("failed");
    expect(record.lastError).toMatchObject({ nodeId: "bad", code: "expression-failed" });
    expect(await liveTimers(rt, record.id)).toEqual([]);
    const worked = await onWorker(failing);
    expect(record.lastError).toEqual(worked.lastError);
    expect(timeless(record.context)).toEqual(timeless(worked.context));
    expect(await history(rt, record.id)).toEqual(await history(before, worked.id));
    expect(await phaseRuns(rt, record.id)).toEqual(await phaseRuns(before, worked.id));
    expect(await attempts(rt, record.id)).toEqual(await attempts(before, worked.id));
    expect((await attempts(rt, record.id)).at(-1)).toMatchObject({ node_id: "bad", status: "failed" });
    // A failed instance resumes from the failed step, as before.
    await rt.engine.resume(TENANT, record.id);
    const again = (await rt.settle(record.id, ["failed"])) as InstanceRecord;
    expect(again.lastError).toMatchObject({ nodeId: "bad", code: "expression-failed" });
  });

  it("makes one instance of concurrent creates with one idempotency key, its history written once", async () => {
    const key = `pure-${driver}`;
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => rt.engine.create(TENANT, { flowType: pure.id, input, idempotencyKey: key })),
    );
    const ids = new Set(answers.map((a) => a.record.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    const [id] = [...ids] as [string];
    expect((await loadInstance(rt.database.db, id))?.status).toBe("completed");
    const created = (await eventsOf(rt.database.db, id)).filter((e) => e.type === "instance.created");
    expect(created).toHaveLength(1);
  });
});
