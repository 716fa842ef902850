import { randomBytes } from "node:crypto";
import type { FlowDefinition } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { compileFlow } from "../../compiler/compile-flow.js";
import { createSealer } from "../../crypto/sealer.js";
import { lineFlow } from "../../testing/test-runtime.js";
import { InstanceRun, type RunDeps } from "./instance-run.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");
const deps: RunDeps = { now: () => T0, sealer: createSealer({ current: randomBytes(32) }), random: () => 0.5 };

const approvalFlow: FlowDefinition = {
  id: "approve-me",
  name: "approve-me",
  nodes: [
    { id: "start", type: "start" },
    { id: "ok", type: "approval" },
    { id: "done", type: "end" },
    { id: "rejected", type: "end", outcome: "failed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "ok" },
    { id: "yes", source: "ok", target: "done", on: "approve" },
    { id: "no", source: "ok", target: "rejected", on: "reject" },
  ],
} as FlowDefinition;

const manualFlow = lineFlow("manual", [{ id: "work", handler: "noop", trigger: "manual" } as never]);

const fields = (parentId: string | null = null) => ({
  id: "00000000-0000-4000-8000-000000000001",
  tenantId: "t1",
  name: null,
  parentId,
  parentNodeId: parentId ? "sub" : null,
  idempotencyKey: null,
});

/** A new run of `definition`, committed once (rev 1, as the store would hold it) and loaded again. */
function stored(definition: FlowDefinition, parentId: string | null = null): InstanceRun {
  const flow = compileFlow(definition);
  const created = InstanceRun.start(flow, fields(parentId), {}, deps);
  created.settleStatus();
  return InstanceRun.load(flow, created.toNew().record, deps);
}

const stateOf = (run: InstanceRun, nodeId: string) => {
  const state = run.readyStates().find((s) => run.nodeOf(s).id === nodeId);
  if (!state) throw new Error(`${nodeId} is not ready`);
  return state;
};

/** A stored run waiting at its approval (or manual phase), as the worker leaves it. */
function waitingAt(definition: FlowDefinition, nodeId: string, waitingFor: "approval" | "execute"): InstanceRun {
  const run = stored(definition);
  run.completeNode(stateOf(run, "start"));
  run.awaitOperator(stateOf(run, nodeId), waitingFor);
  run.settleStatus();
  return InstanceRun.load(run.flow, run.toCommit().row, deps);
}

const types = (run: InstanceRun) => run.toCommit().events.map((e) => e.type);

describe("the run aggregate", () => {
  it("starts a new instance with its created and entered events", () => {
    const run = InstanceRun.start(compileFlow(approvalFlow), fields(), { a: 1 }, deps);
    const created = run.toNew();
    expect(created.record).toMatchObject({ status: "running", rev: 1, flowTypeId: "approve-me", finishedAt: null });
    expect(created.events.map((e) => [e.seq, e.type, e.nodeId])).toEqual([
      [1, "instance.created", null],
      [2, "node.entered", "start"],
    ]);
  });

  it("pauses an active run, and refuses a paused or ended one", () => {
    const run = waitingAt(approvalFlow, "ok", "approval");
    expect(run.status).toBe("waiting");
    run.pause();
    const audit = { actor: { tenantId: "t1", actorKeyId: null, requestId: "r1" }, action: "flow.pause", target: "x" };
    const commit = run.toCommit({ audit });
    expect(commit.row.status).toBe("paused");
    expect(commit.expectedRev).toBe(commit.row.rev - 1);
    expect(commit.events.map((e) => e.type)).toEqual(["instance.paused"]);
    expect(commit).toMatchObject({ audit, ended: false, timers: [], children: [], phaseRuns: [], firedTimers: [] });
    expect(() => run.pause()).toThrow(expect.objectContaining({ status: 409, code: "paused" }));
    const cancelled = stored(approvalFlow);
    cancelled.cancel();
    expect(() => cancelled.pause()).toThrow(expect.objectContaining({ status: 409, code: "ended" }));
  });

  it("resumes a paused run (a run-now timer) and refuses a running one", () => {
    const run = waitingAt(approvalFlow, "ok", "approval");
    run.pause();
    run.resume();
    const commit = run.toCommit();
    expect(commit.row.status).toBe("waiting");
    expect(types(run)).toEqual(["instance.paused", "instance.resumed"]);
    expect(commit.timers).toEqual([{ instanceId: run.id, kind: "run", nodeId: null, dueAt: T0 }]);
    expect(() => stored(approvalFlow).resume()).toThrow(expect.objectContaining({ status: 409, code: "not-paused" }));
  });

  it("resumes a failed run where it failed, and refuses one with no step to resume from", () => {
    const run = waitingAt(approvalFlow, "ok", "approval");
    expect(run.readyStates()).toEqual([]);
    run.failNode([...run.flow.states.keys()].find((s) => run.nodeOf(s).id === "ok") as string, "boom", "it broke");
    expect(run.status).toBe("failed");
    const failed = InstanceRun.load(run.flow, run.toCommit().row, deps);
    failed.resume();
    expect(failed.status).toBe("running");
    expect(failed.finished).toBe(false);
    expect(failed.readyStates().map((s) => failed.nodeOf(s).id)).toEqual(["ok"]);

    const bare = stored(approvalFlow);
    const record = { ...bare.toCommit().row, status: "failed" as const };
    expect(() => InstanceRun.load(bare.flow, record, deps).resume()).toThrow(
      expect.objectContaining({ status: 409, code: "not-resumable" }),
    );
  });

  it("cancels an active run (ending it, waking a waiting parent) and refuses an ended one", () => {
    const run = stored(approvalFlow, "00000000-0000-4000-8000-0000000000aa");
    run.cancel();
    const commit = run.toCommit();
    expect(commit.row.status).toBe("cancelled");
    expect(commit.row.finishedAt).toEqual(T0);
    expect(commit.ended).toBe(true);
    expect(commit.timers).toEqual([
      { instanceId: "00000000-0000-4000-8000-0000000000aa", kind: "subflow", nodeId: "sub", dueAt: T0 },
    ]);
    expect(() => run.cancel()).toThrow(expect.objectContaining({ status: 409, code: "ended" }));
  });

  it("executes an approval's decision, and checks what it is given", () => {
    const run = waitingAt(approvalFlow, "ok", "approval");
    expect(() => run.execute({})).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => run.execute({ node: "other" })).toThrow(expect.objectContaining({ code: "nothing-waiting" }));
    run.execute({ decision: "approve", comment: "fine" });
    const commit = run.toCommit();
    expect(commit.row.status).toBe("completed");
    expect(commit.row.context.phases.ok?.output).toEqual({ decision: "approve", comment: "fine" });
    expect(types(run)).toEqual(["node.decided", "node.completed", "node.entered", "instance.completed"]);
    expect(commit.ended).toBe(true);

    const paused = waitingAt(approvalFlow, "ok", "approval");
    paused.pause();
    expect(() => paused.execute({ decision: "approve" })).toThrow(expect.objectContaining({ code: "paused" }));
    const ended = stored(approvalFlow);
    ended.cancel();
    expect(() => ended.execute({ decision: "approve" })).toThrow(expect.objectContaining({ code: "ended" }));
  });

  it("triggers a manual phase with its input, ready for the worker", () => {
    const run = waitingAt(manualFlow, "work", "execute");
    expect(() => run.execute({ decision: "approve" })).toThrow(expect.objectContaining({ status: 422 }));
    run.execute({ input: { n: 1 } });
    const state = stateOf(run, "work");
    expect(run.step(state)).toMatchObject({ status: "ready", triggered: true, input: { n: 1 } });
    expect(run.status).toBe("running");
    expect(types(run)).toEqual(["node.triggered"]);
    expect(run.toCommit().timers).toEqual([{ instanceId: run.id, kind: "run", nodeId: null, dueAt: T0 }]);
  });

  it("records an attempt: its start, a retry on a retryable failure, then its output", () => {
    const run = stored(
      lineFlow("one", [{ id: "p", handler: "noop", retry: { maxAttempts: 2, jitter: false } } as never]),
    );
    run.completeNode(stateOf(run, "start"));
    const state = stateOf(run, "p");
    expect(run.beginAttempt(state)).toBe(1);
    expect(run.isRunning(state, 1)).toBe(true);
    run.applyPhaseResult(state, { ok: false, code: "x", message: "flaky", retryable: true });
    expect(run.step(state)?.status).toBe("scheduled");
    const retry = run.toCommit().timers.find((t) => t.kind === "retry");
    expect(retry?.nodeId).toBe(state);
    const again = InstanceRun.load(run.flow, run.toCommit().row, deps);
    again.fireTimers([{ id: 7, kind: "retry", nodeId: state }], async () => undefined);
    expect(again.step(state)?.status).toBe("ready");
    again.beginAttempt(state);
    again.applyPhaseResult(state, { ok: true, output: { v: 1 } });
    const commit = again.toCommit();
    expect(commit.firedTimers).toEqual([7]);
    expect(commit.row.status).toBe("completed");
    expect(commit.phaseRuns).toMatchObject([{ nodeId: "p", status: "completed", attempts: 2 }]);
  });
});
