/** The engine end to end on both databases: every node type, retries, failures, operator actions. */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppError } from "../errors.js";
import { eventsOf, type InstanceRecord, leaseOf, loadInstance } from "../store/instances/index.js";
import { createTestRuntime, lineFlow as line, TENANT, type TestRuntime } from "../testing/test-runtime.js";

const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples");
const example = async (name: string) =>
  JSON.parse(await readFile(join(examples, `${name}.json`), "utf8")) as FlowDefinition;

describe.each(["pglite", "postgres"] as const)("engine on %s", (driver) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime(driver, inject("postgresUrl"));
  });
  afterAll(async () => {
    await rt?.close();
  });

  const run = async (definition: FlowDefinition, input: Record<string, unknown> = {}) => {
    await rt.registry.publish(TENANT, definition);
    const { record } = await rt.engine.create(TENANT, { flowType: definition.id, input });
    return rt.settle(record.id);
  };
  const history = async (id: string) =>
    (await eventsOf(rt.database.db, id)).map((e) => `${e.type}${e.nodeId ? ` ${e.nodeId}` : ""}`);

  it("runs the discovery example to completion, each phase completed exactly once", async () => {
    const done = await run(await example("discovery"), {
      source: "cmdb",
      servers: [{ name: "a", os: "linux", dependsOn: ["b"] }, { name: "b" }],
    });
    expect(done.status).toBe("completed");
    expect(done.context.phases["data-import"]?.output).toEqual({ records: 2, source: "cmdb" });
    expect(done.context.phases["tech-debt"]?.output).toEqual({ unknownPlatforms: 1 });
    const log = await history(done.id);
    for (const phase of [
      "data-import",
      "field-mapping",
      "data-cleansing",
      "asset-inventory",
      "dependency-analysis",
      "tech-debt",
    ]) {
      expect(log.filter((e) => e === `node.completed ${phase}`)).toHaveLength(1);
    }
    expect(log.at(-1)).toBe("instance.completed done");
    expect(done.currentNodes).toEqual([]);
  });

  it("waits at an approval, then follows the operator's decision", async () => {
    const assessment = await example("assessment");
    const waiting = await run(assessment, { application: "billing", loc: 200_000, integrations: 12 });
    expect(waiting.status).toBe("waiting");
    expect(waiting.currentNodes).toEqual(["sign-off"]);
    await rt.engine.execute(TENANT, waiting.id, { decision: "approve", comment: "ok" });
    const done = await rt.settle(waiting.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.recommendations?.output).toEqual({ strategy: "refactor" });
    expect(done.context.phases["sign-off"]?.output).toEqual({ decision: "approve", comment: "ok" });

    const other = await run(assessment, { application: "crm", loc: 500_000, integrations: 30 });
    await rt.engine.execute(TENANT, other.id, { decision: "reject" });
    expect((await rt.settle(other.id, ["completed", "failed"])).status).toBe("failed");
  });

  it("retries a failing phase with backoff and gives each attempt its own idempotency key", async () => {
    const flow = line("retrying", [
      {
        id: "call",
        handler: "flaky",
        params: { failures: 2 },
        retry: { maxAttempts: 3, initialDelayMs: 10, jitter: false },
      } as never,
    ]);
    const done = await run(flow);
    expect(done.status).toBe("completed");
    expect(done.context.phases.call).toMatchObject({ status: "completed", attempts: 3, output: { succeededOn: 3 } });
    expect(rt.calls.filter((c) => c.startsWith(done.id))).toEqual([1, 2, 3].map((n) => `${done.id}:call:${n}`));
    expect((await history(done.id)).filter((e) => e === "node.retrying call")).toHaveLength(2);
  });

  it("fails when retries run out, and resume retries the failed phase", async () => {
    const flow = line("give-up", [
      { id: "call", handler: "flaky", params: { failures: 2 }, retry: { maxAttempts: 2, initialDelayMs: 5 } } as never,
    ]);
    const failed = await run(flow);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatchObject({ nodeId: "call", code: "flaky" });
    await rt.engine.resume(TENANT, failed.id);
    const done = await rt.settle(failed.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.call?.attempts).toBe(3);
  });

  it("continues past a failed phase with onError continue, and jumps with goto", async () => {
    const flow = line("tolerant", [
      { id: "optional", handler: "flaky", params: { failures: 5 }, onError: "continue" } as never,
      { id: "after", handler: "noop" } as never,
    ]);
    const done = await run(flow);
    expect(done.status).toBe("completed");
    expect(done.context.phases.optional?.status).toBe("failed");
    expect(done.context.phases.after?.status).toBe("completed");

    const jumping = line("jumping", [
      { id: "risky", handler: "flaky", params: { failures: 5 }, onError: { goto: "cleanup" } } as never,
      { id: "normal", handler: "noop" } as never,
    ]);
    jumping.nodes.push(
      { id: "cleanup", type: "phase", handler: "noop" },
      { id: "rolled-back", type: "end", outcome: "failed" },
    );
    jumping.edges.push({ id: "e-cleanup", source: "cleanup", target: "rolled-back" });
    const rolledBack = await run(jumping);
    expect(rolledBack.status).toBe("failed");
    expect(rolledBack.context.phases.cleanup?.status).toBe("completed");
    expect(rolledBack.context.phases.normal).toBeUndefined();
  });

  it("fails an attempt that outlives its timeout", async () => {
    const done = await run(line("too-slow", [{ id: "hang", handler: "gated", timeoutMs: 50 } as never]));
    expect(done.status).toBe("failed");
    expect(done.lastError).toMatchObject({ nodeId: "hang", code: "timeout" });
  });

  it("runs parallel branches and continues at the join once both finished", async () => {
    const definition: FlowDefinition = {
      id: "fan-out",
      name: "Fan out",
      nodes: [
        { id: "start", type: "start" },
        { id: "fan", type: "parallel" },
        { id: "left", type: "phase", handler: "record" },
        { id: "right", type: "phase", handler: "record" },
        { id: "merge", type: "join" },
        {
          id: "after",
          type: "phase",
          handler: "transform",
          params: { expression: "phases.left.status & '+' & phases.right.status" },
        },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "fan" },
        { id: "e2", source: "fan", target: "left" },
        { id: "e3", source: "fan", target: "right" },
        { id: "e4", source: "left", target: "merge" },
        { id: "e5", source: "right", target: "merge" },
        { id: "e6", source: "merge", target: "after" },
        { id: "e7", source: "after", target: "done" },
      ],
    };
    const done = await run(definition);
    expect(done.status).toBe("completed");
    expect(done.context.phases.after?.output).toBe("completed+completed");
  });

  it("wakes a wait node by its durable timer", async () => {
    const definition = line("pause-a-bit", [{ id: "a", handler: "noop" } as never]);
    definition.nodes.splice(2, 0, { id: "hold", type: "wait", delayMs: 150 });
    definition.edges = [
      { id: "e0", source: "start", target: "a" },
      { id: "e1", source: "a", target: "hold" },
      { id: "e2", source: "hold", target: "done" },
    ];
    const started = Date.now();
    await rt.registry.publish(TENANT, definition);
    const { record } = await rt.engine.create(TENANT, { flowType: definition.id });
    const held = await rt.settle(record.id, [], 60);
    expect(held.status).toBe("running");
    expect(held.currentNodes).toEqual(["hold"]);
    const done = await rt.settle(held.id, ["completed"]);
    expect(done.status).toBe("completed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("wakes a wait node at the time its until expression gives, and fails one that gives no time", async () => {
    const definition = line("until-later", [{ id: "a", handler: "noop" } as never]);
    definition.nodes.splice(2, 0, { id: "hold", type: "wait", until: "$fromMillis($millis() + 120)" });
    definition.edges = [
      { id: "e0", source: "start", target: "a" },
      { id: "e1", source: "a", target: "hold" },
      { id: "e2", source: "hold", target: "done" },
    ];
    const done = await run(definition);
    expect(done.status).toBe("completed");
    const log = await eventsOf(rt.database.db, done.id);
    const waiting = log.find((e) => e.type === "node.waiting" && e.nodeId === "hold");
    const woken = log.find((e) => e.type === "node.completed" && e.nodeId === "hold");
    expect(Date.parse(String(waiting?.data?.until))).toBeLessThanOrEqual(woken?.at.getTime() ?? 0);

    const nonsense = structuredClone(definition);
    nonsense.id = "until-nonsense";
    (nonsense.nodes[2] as { until: string }).until = "'not a time'";
    const failed = await run(nonsense);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatchObject({ nodeId: "hold", code: "invalid-time" });
  });

  it("waits for a manual phase until an operator executes it with input", async () => {
    const flow = line("by-hand", [
      { id: "check", handler: "transform", trigger: "manual", params: { expression: "vars.input.ok" } } as never,
    ]);
    const waiting = await run(flow);
    expect(waiting.status).toBe("waiting");
    await rt.engine.execute(TENANT, waiting.id, { input: { ok: true } });
    const done = await rt.settle(waiting.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.check?.output).toBe(true);
  });

  it("keeps a step that finishes while the flow is paused, and resumes from there", async () => {
    const flow = line("pausable", [
      { id: "slow", handler: "gated" } as never,
      { id: "next", handler: "record" } as never,
    ]);
    await rt.registry.publish(TENANT, flow);
    const { record } = await rt.engine.create(TENANT, { flowType: flow.id });
    const worker = rt.settle(record.id, ["paused", "completed"]);
    // Let the worker start the gated step, pause, then let the step finish.
    for (
      let i = 0;
      i < 100 && (await rt.settle(record.id, ["running"], 0)).context.phases.slow?.status !== "running";
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await rt.engine.pause(TENANT, record.id);
    rt.release();
    const paused = await worker;
    expect(paused.status).toBe("paused");
    expect(paused.context.phases.slow?.status).toBe("completed");
    expect(paused.context.phases.next).toBeUndefined();
    await rt.engine.resume(TENANT, record.id);
    const done = await rt.settle(record.id, ["completed"]);
    expect(done.status).toBe("completed");
    expect(rt.calls.filter((c) => c.startsWith(`${record.id}:next`))).toHaveLength(1);
  });

  it("keeps working on new instances while one waits on a slow step, and frees each lease as it finishes", async () => {
    const slow = line("slow-one", [{ id: "slow", handler: "gated" } as never]);
    const quick = line("quick-one", [{ id: "a", handler: "noop" } as never]);
    await rt.registry.publish(TENANT, slow);
    await rt.registry.publish(TENANT, quick);
    const blocked = await rt.engine.create(TENANT, { flowType: slow.id });
    rt.engine.start();
    try {
      // Read without settle(): its runOnce would do the worker loop's job.
      const read = async (id: string) => (await loadInstance(rt.database.db, id)) as InstanceRecord;
      const slowRunning = async () => (await read(blocked.record.id)).context.phases.slow?.status === "running";
      for (let i = 0; i < 200 && !(await slowRunning()); i++) await new Promise((r) => setTimeout(r, 10));
      expect(await slowRunning()).toBe(true);
      // Created after the slow one was claimed: the worker must not wait for it before claiming these.
      const quickOnes = await Promise.all([1, 2, 3].map(() => rt.engine.create(TENANT, { flowType: quick.id })));
      const leases = (id: string) => leaseOf(rt.database.db, id);
      for (const { record } of quickOnes) {
        let status = "running";
        for (let i = 0; i < 200 && status !== "completed"; i++) {
          await new Promise((r) => setTimeout(r, 10));
          status = (await read(record.id)).status;
        }
        expect(status).toBe("completed");
        expect(await leases(record.id)).toEqual({ owner: null, until: null });
      }
      expect(await slowRunning()).toBe(true);
      expect((await leases(blocked.record.id))?.owner).toBe(rt.engine.owner);
    } finally {
      rt.release();
      await rt.engine.stop();
    }
    const done = await rt.settle(blocked.record.id, ["completed"]);
    expect(done.status).toBe("completed");
  });

  it("cancels, after which nothing can be executed", async () => {
    const waiting = await run(await example("assessment"), { application: "x", loc: 900_000, integrations: 40 });
    const cancelled = await rt.engine.cancel(TENANT, waiting.id);
    expect(cancelled.status).toBe("cancelled");
    await expect(rt.engine.execute(TENANT, waiting.id, { decision: "approve" })).rejects.toMatchObject({
      status: 409,
    });
    await expect(rt.engine.pause(TENANT, waiting.id)).rejects.toMatchObject({ status: 409 });
  });

  it("runs a subflow and hands its outputs to the parent", async () => {
    await rt.registry.publish(
      TENANT,
      line("child-flow", [{ id: "work", handler: "transform", params: { expression: "input.n * 2" } } as never]),
    );
    const parent: FlowDefinition = {
      id: "parent-flow",
      name: "Parent",
      nodes: [
        { id: "start", type: "start" },
        { id: "delegate", type: "subflow", flowType: "child-flow", input: "{ 'n': 21 }" },
        {
          id: "use",
          type: "phase",
          handler: "transform",
          params: { expression: "phases.delegate.output.phases.work" },
        },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "delegate" },
        { id: "e2", source: "delegate", target: "use" },
        { id: "e3", source: "use", target: "done" },
      ],
    };
    const started = await run(parent);
    const done = await rt.settle(started.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.use?.output).toBe(42);
  });

  it("returns the same instance for a repeated idempotency key", async () => {
    const flow = line("once", [{ id: "a", handler: "noop" } as never]);
    await rt.registry.publish(TENANT, flow);
    const first = await rt.engine.create(TENANT, { flowType: "once", idempotencyKey: "order-42" });
    const again = await rt.engine.create(TENANT, { flowType: "once", idempotencyKey: "order-42" });
    expect(again).toEqual({ record: expect.objectContaining({ id: first.record.id }), created: false });
  });

  it("refuses input that breaks the flow's input schema, naming the field", async () => {
    await rt.registry.publish(TENANT, await example("discovery"));
    const attempt = rt.engine.create(TENANT, { flowType: "discovery", input: { source: "" } });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      status: 422,
      errors: expect.arrayContaining([expect.objectContaining({ path: "/input/source" })]),
    });
  });
});
