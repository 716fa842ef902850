/**
 * Poison pills, on both databases: a step whose process dies while it runs (here: a step that never ends, each
 * "process" after the first an engine whose clock is past the lease of the one before) is run again twice, and
 * the third interruption in a row quarantines its instance; an operator then resumes it (the step runs again)
 * or cancels it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditTrail } from "../store/audit-repository.js";
import { childrenOf, eventsOf, type InstanceRecord, leaseOf, loadInstance } from "../store/instances/index.js";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../testing/test-runtime.js";

const hanging = lineFlow("hangs", [{ id: "hang", handler: "gated" } as never]);
const raced = lineFlow("raced", [
  { id: "work", handler: "record" } as never,
  { id: "meddle", handler: "interfere" } as never,
]);
const calling = lineFlow("calls-hangs", [{ id: "sub", type: "subflow", flowType: hanging.id } as never]);
const operator = { tenantId: TENANT, actorKeyId: null, requestId: "op-1" };
const MINUTE = 60_000;

describe.each(["pglite", "postgres"] as const)("quarantine on %s", (driver) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime(driver, inject("postgresUrl"));
    await rt.registry.publish(TENANT, hanging);
    await rt.registry.publish(TENANT, calling);
    await rt.registry.publish(TENANT, raced);
  });
  afterAll(async () => {
    rt?.release();
    await rt?.close();
  });

  const read = async (id: string) => (await loadInstance(rt.database.db, id)) as InstanceRecord;
  const history = async (id: string) =>
    (await eventsOf(rt.database.db, id)).map((e) => `${e.type}${e.nodeId ? ` ${e.nodeId}` : ""}`);
  const startedTimes = async (id: string) => (await history(id)).filter((e) => e === "node.started hang").length;
  const untilStarted = async (id: string, times: number) => {
    for (let i = 0; i < 1_000 && (await startedTimes(id)) < times; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await startedTimes(id)).toBe(times);
  };

  /**
   * Starts the step in one process after another, each started after the one before "died" in it, until the third
   * recovery quarantines the instance. Returns the steps still hanging in the dead processes.
   */
  async function interruptThreeTimes(id: string): Promise<Array<Promise<number>>> {
    const hanging = [rt.engine.runOnce()];
    await untilStarted(id, 1);
    for (const n of [1, 2]) {
      hanging.push(rt.laterProcess(n * MINUTE).runOnce());
      await untilStarted(id, n + 1);
    }
    expect(await rt.laterProcess(3 * MINUTE).runOnce()).toBe(1);
    return hanging;
  }

  it("quarantines an instance whose step was interrupted three times in a row, and no process picks it up", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: hanging.id });
    const dead = await interruptThreeTimes(record.id);
    const quarantined = await read(record.id);
    expect(quarantined.status).toBe("quarantined");
    expect(quarantined.lastError).toMatchObject({ nodeId: "hang", code: "quarantined", interruptedAttempts: 3 });
    expect(quarantined.finishedAt).toBeNull();
    expect(await leaseOf(rt.database.db, record.id)).toEqual({ owner: null, until: null });
    const interrupted = await history(record.id);
    expect(interrupted.filter((e) => e === "node.interrupted hang")).toHaveLength(3);
    expect(interrupted.at(-1)).toBe("instance.quarantined hang");
    expect(await rt.laterProcess(10 * MINUTE).runOnce()).toBe(0);
    expect(rt.logs.filter((l) => l.startsWith("warn instance quarantined") && l.includes(record.id))).toHaveLength(1);

    // The dead processes' steps end at last: their results are dropped, the instance stays quarantined.
    rt.release();
    await Promise.all(dead);
    expect((await read(record.id)).status).toBe("quarantined");

    const resumed = await rt.engine.resume(TENANT, record.id, operator);
    expect(resumed).toMatchObject({ status: "running", lastError: null });
    expect((await auditTrail(rt.database.db, record.id)).map((a) => a.action)).toEqual(["flow.resume"]);
    const done = rt.settle(record.id, ["completed"], 20_000);
    await untilStarted(record.id, 4);
    rt.release();
    expect((await done).status).toBe("completed");
    const log = await history(record.id);
    expect(log.slice(log.indexOf("instance.resumed"))).toEqual([
      "instance.resumed",
      "node.started hang",
      "node.completed hang",
      "node.entered done",
      "instance.completed done",
    ]);
  });

  it("cancels a quarantined instance", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: hanging.id });
    const dead = await interruptThreeTimes(record.id);
    rt.release();
    await Promise.all(dead);
    const cancelled = await rt.engine.cancel(TENANT, record.id, operator);
    expect(cancelled.status).toBe("cancelled");
    expect((await history(record.id)).at(-1)).toBe("instance.cancelled");
    expect(await rt.laterProcess(10 * MINUTE).runOnce()).toBe(0);
  });

  it("cancels a quarantined child instance with its parent", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: calling.id });
    await rt.settle(record.id, ["running"]);
    const [child] = await childrenOf(rt.database.db, record.id);
    if (!child) throw new Error("the subflow started no child");
    const dead = await interruptThreeTimes(child.id);
    expect((await read(child.id)).status).toBe("quarantined");
    expect((await read(record.id)).status).toBe("running");
    rt.release();
    await Promise.all(dead);
    expect((await rt.engine.cancel(TENANT, record.id, operator)).status).toBe("cancelled");
    expect((await read(child.id)).status).toBe("cancelled");
  });

  it("keeps a finished step whose commit lost a race to an operator: it is not run again nor counted interrupted", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: raced.id });
    const paused = await rt.settle(record.id, ["paused"]);
    expect(paused.status).toBe("paused");
    expect(paused.context.phases.work?.status).toBe("completed");
    await rt.engine.resume(TENANT, record.id);
    expect((await rt.settle(record.id, ["completed"])).status).toBe("completed");
    expect(rt.calls.filter((key) => key.startsWith(`${record.id}:work`))).toEqual([`${record.id}:work:1`]);
    expect(await history(record.id)).not.toContain("node.interrupted work");
  });
});
