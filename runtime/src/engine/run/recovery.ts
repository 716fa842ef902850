/**
 * Recovery of attempts a process left running when it died (a crash, a kill, an OOM): each runs again as the same
 * attempt, unless its state was interrupted `quarantineAfter` times in a row. Such a step is taken to be what
 * kills the process (a poison pill), so the instance is quarantined instead of picked up again, and every restart
 * does not die on it in turn. Called through InstanceRun only.
 */
import { recordAttempt } from "./attempts.js";
import type { RunState } from "./run-state.js";

/** The error code a quarantined instance's lastError carries. */
const QUARANTINED = "quarantined";

/**
 * Makes the attempts left running ready to run again (same number, same idempotency key, so an external system
 * can recognise the repeat) and counts the interruption on each; quarantines the instance when a state's count
 * reaches `quarantineAfter` (0: never). The count lives in the bookkeeping, so it is written by the commit that
 * starts the next attempt (or quarantines): no write of its own.
 */
export function recoverInterrupted(run: RunState, quarantineAfter: number): void {
  const poisoned: Array<{ nodeId: string; interrupted: number }> = [];
  for (const [state, step] of Object.entries(run.book.steps)) {
    if (step.status !== "running") continue;
    const nodeId = run.nodeOf(state).id;
    const phase = run.phase(nodeId);
    const interrupted = (step.interrupted ?? 0) + 1;
    run.event("node.interrupted", nodeId, { attempt: phase.attempts, interrupted });
    // The attempt's row: it runs again under the same number and idempotency key.
    const message = "the process running this attempt stopped before its result was committed";
    recordAttempt(run, state, "interrupted", {
      error: { nodeId, code: "interrupted", message },
      idempotencyKey: `${run.row.id}:${nodeId}:${phase.attempts}`,
    });
    step.status = "ready";
    step.attempt = Math.max(0, step.attempt - 1);
    step.interrupted = interrupted;
    phase.attempts = Math.max(0, phase.attempts - 1);
    if (quarantineAfter > 0 && step.interrupted >= quarantineAfter) {
      poisoned.push({ nodeId, interrupted: step.interrupted });
    }
  }
  const [first] = poisoned;
  if (!first) return;
  const times = first.interrupted === 1 ? "once" : `${first.interrupted} times in a row`;
  run.status = "quarantined";
  run.lastError = {
    nodeId: first.nodeId,
    code: QUARANTINED,
    message:
      `step "${first.nodeId}" was interrupted ${times} (the process running it crashed or was killed), so it is ` +
      "no longer picked up; fix the flow or what it calls, then resume or cancel the instance",
    interruptedAttempts: first.interrupted,
  };
  run.event("instance.quarantined", first.nodeId, {
    interruptedAttempts: first.interrupted,
    nodes: poisoned.map((p) => p.nodeId),
  });
}

/** Lets a quarantined instance run again: its steps' interruption counts start over. */
export function releaseQuarantine(run: RunState): void {
  for (const step of Object.values(run.book.steps)) delete step.interrupted;
  run.lastError = null;
  run.status = "running";
  run.settleStatus();
}
