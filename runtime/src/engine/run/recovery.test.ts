import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileFlow } from "../../compiler/compile-flow.js";
import { createSealer } from "../../crypto/sealer.js";
import { lineFlow } from "../../testing/test-runtime.js";
import { InstanceRun, type RunDeps } from "./instance-run.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");
const deps: RunDeps = { now: () => T0, sealer: createSealer({ current: randomBytes(32) }), random: () => 0.5 };
const fragile = lineFlow("fragile", [
  { id: "work", handler: "record", retry: { maxAttempts: 5, jitter: false } } as never,
]);

/** What the next process loads: the run as its last commit stored it. */
const reloaded = (run: InstanceRun) => InstanceRun.load(run.flow, run.toCommit().row, deps);

/** A stored run at its phase "work", ready to start it; and that phase's state. */
function atWork(): { run: InstanceRun; state: string } {
  const created = InstanceRun.start(
    compileFlow(fragile),
    {
      id: "00000000-0000-4000-8000-000000000002",
      tenantId: "t1",
      name: null,
      parentId: null,
      parentNodeId: null,
      idempotencyKey: null,
    },
    {},
    deps,
  );
  const state = created.readyStates()[0] as string;
  created.completeNode(state);
  const run = reloaded(created);
  return { run, state: run.readyStates()[0] as string };
}

/** The process starts the attempt (committed), dies, and the next one recovers the instance. */
function interrupted(run: InstanceRun, state: string, quarantineAfter = 3): InstanceRun {
  run.beginAttempt(state);
  const next = reloaded(run);
  next.recoverInterrupted(quarantineAfter);
  return next;
}

const eventsOf = (run: InstanceRun) => run.toCommit().events.map((e) => [e.type, e.nodeId, e.data]);

describe("recovery of interrupted attempts", () => {
  it("runs an interrupted attempt again as the same attempt, and quarantines the instance the third time in a row", () => {
    let { run, state } = atWork();
    for (const time of [1, 2]) {
      run = interrupted(run, state);
      expect(run.status).toBe("running");
      expect(run.step(state)).toMatchObject({ status: "ready", attempt: 0, interrupted: time });
      expect(eventsOf(run)).toEqual([["node.interrupted", "work", { attempt: 1, interrupted: time }]]);
      // The node's data keeps the lost attempt: its number, key, the seqs that started and ended it.
      const [seq] = run.toCommit().events.map((e) => e.seq);
      expect(run.toCommit().attempts).toMatchObject([
        {
          nodeId: "work",
          attempt: 1,
          status: "interrupted",
          finishedSeq: seq,
          startedSeq: expect.any(Number),
          idempotencyKey: `${run.id}:work:1`,
          error: { code: "interrupted" },
        },
      ]);
      run = reloaded(run);
    }
    run = interrupted(run, state);
    expect(run.status).toBe("quarantined");
    const commit = run.toCommit();
    expect(commit.row.lastError).toMatchObject({ nodeId: "work", code: "quarantined", interruptedAttempts: 3 });
    expect(commit.row.lastError?.message).toMatch(/"work" was interrupted 3 times in a row/);
    expect(commit.row.finishedAt).toBeNull();
    expect(eventsOf(run)).toEqual([
      ["node.interrupted", "work", { attempt: 1, interrupted: 3 }],
      ["instance.quarantined", "work", { interruptedAttempts: 3, nodes: ["work"] }],
    ]);
    // Nothing wakes it: only an operator does.
    expect(commit.timers).toEqual([]);
  });

  it("counts interruptions in a row only: a committed result starts the count over", () => {
    let { run, state } = atWork();
    run = reloaded(interrupted(reloaded(interrupted(run, state)), state));
    expect(run.step(state)?.interrupted).toBe(2);
    run.beginAttempt(state);
    run.applyPhaseResult(state, { ok: false, code: "x", message: "flaky", retryable: true });
    run = reloaded(run);
    run.fireTimers([{ id: 1, kind: "retry", nodeId: state }], async () => undefined);
    expect(run.step(state)).toMatchObject({ status: "ready", attempt: 1 });
    expect(run.step(state)?.interrupted).toBeUndefined();
    run = interrupted(reloaded(run), state);
    expect(run.status).toBe("running");
    expect(run.step(state)?.interrupted).toBe(1);
  });

  it("never quarantines when the limit is 0", () => {
    let { run, state } = atWork();
    for (let time = 0; time < 5; time++) run = reloaded(interrupted(run, state, 0));
    expect(run.status).toBe("running");
    expect(run.step(state)?.interrupted).toBe(5);
  });

  it("resumes a quarantined run (its count starts over, the step runs again) or cancels it; nothing else", () => {
    let { run, state } = atWork();
    for (let time = 0; time < 3; time++) run = reloaded(interrupted(run, state));
    expect(run.status).toBe("quarantined");
    expect(() => run.pause()).toThrow(expect.objectContaining({ status: 409, code: "quarantined" }));
    expect(() => run.execute({})).toThrow(expect.objectContaining({ status: 409, code: "quarantined" }));

    const resumed = reloaded(run);
    resumed.resume();
    const commit = resumed.toCommit();
    expect(commit.row).toMatchObject({ status: "running", lastError: null });
    expect(resumed.step(state)).toMatchObject({ status: "ready", attempt: 0 });
    expect(resumed.step(state)?.interrupted).toBeUndefined();
    expect(commit.events.map((e) => e.type)).toEqual(["instance.resumed"]);
    expect(commit.timers).toEqual([{ instanceId: run.id, kind: "run", nodeId: null, dueAt: T0 }]);
    expect(interrupted(reloaded(resumed), state).status).toBe("running");

    const cancelled = reloaded(run);
    cancelled.cancel();
    expect(cancelled.toCommit().row).toMatchObject({ status: "cancelled", finishedAt: T0 });
  });
});
