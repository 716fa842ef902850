/**
 * What operators do to a run: pause, resume (a paused, failed or quarantined one), cancel, and execute (trigger a
 * manual phase or decide an approval). Each checks that the action fits the run's status, then changes it and asks
 * the worker to look at it now. Called through InstanceRun only.
 */
import { type ExecuteRequest, isActive } from "@mfo/schemas";
import { invalid } from "../../errors.js";
import { ConflictError, type OperatorNote } from "../types.js";
import { completeNode } from "./node-transitions.js";
import { releaseQuarantine } from "./recovery.js";
import type { RunState } from "./run-state.js";

function requireActive(run: RunState, action: string): void {
  if (run.status === "quarantined") {
    throw new ConflictError(`cannot ${action} a quarantined flow; resume or cancel it`, "quarantined");
  }
  if (!isActive(run.status)) throw new ConflictError(`cannot ${action} a flow that has ${run.status}`, "ended");
}

/** The event data of an operator's action: who acted (data.by) and what they said, or null when nothing is known. */
function noted(note: OperatorNote, said: Record<string, unknown> = {}): Record<string, unknown> | null {
  const data = { ...said, ...(note.reason ? { reason: note.reason } : {}), ...(note.by ? { by: note.by } : {}) };
  return Object.keys(data).length > 0 ? data : null;
}

/** Wakes the instance now, for the worker (in this process or another). */
function runNow(run: RunState): void {
  run.timer("run", null, run.at());
}

export function pause(run: RunState, note: OperatorNote = {}): void {
  requireActive(run, "pause");
  if (run.status === "paused") throw new ConflictError("the flow is already paused", "paused");
  run.status = "paused";
  run.event("instance.paused", null, noted(note));
}

export function resume(run: RunState, note: OperatorNote = {}): void {
  if (run.status === "failed") {
    if (!run.rewind()) throw new ConflictError("this failed flow has no step to resume from", "not-resumable");
  } else if (run.status === "paused") {
    run.status = "running";
    run.settleStatus();
  } else if (run.status === "quarantined") {
    // The operator says the flow (or what it calls) is fixed: the interrupted step runs again.
    releaseQuarantine(run);
  } else {
    throw new ConflictError(
      `only a paused, failed or quarantined flow can be resumed; this one is ${run.status}`,
      "not-paused",
    );
  }
  run.event("instance.resumed", null, noted(note));
  runNow(run);
}

export function cancel(run: RunState, note: OperatorNote = {}): void {
  if (run.status !== "quarantined") requireActive(run, "cancel");
  run.status = "cancelled";
  run.finishedAt = run.at();
  run.book.steps = {};
  run.event("instance.cancelled", null, noted(note));
  if (run.row.parentId) run.wakeParent = true;
}

/** Waiting states an operator can act on: approvals, and manual phases not yet triggered. */
function waitingStates(run: RunState): string[] {
  return run.active().filter((state) => {
    const step = run.book.steps[state];
    const node = run.nodeOf(state);
    return step?.status === "waiting" && (node.type === "approval" || (node.type === "phase" && !step.triggered));
  });
}

/** The one waiting state the request names (or the only one waiting), else a conflict. */
function chosenState(run: RunState, request: ExecuteRequest): string {
  const waiting = waitingStates(run);
  const candidates = request.node === undefined ? waiting : waiting.filter((s) => run.nodeOf(s).id === request.node);
  if (candidates.length === 0) {
    const what = request.node === undefined ? "no step" : `step "${request.node}" is not one that`;
    throw new ConflictError(`${what} waits for an operator`, "nothing-waiting");
  }
  if (candidates.length > 1 && request.node === undefined) {
    const names = [...new Set(candidates.map((s) => run.nodeOf(s).id))].join(", ");
    throw new ConflictError(`several steps wait (${names}); name one with "node"`, "ambiguous");
  }
  return candidates[0] as string;
}

export function execute(run: RunState, request: ExecuteRequest, note: OperatorNote = {}): void {
  if (run.status === "paused") throw new ConflictError("the flow is paused; resume it first", "paused");
  requireActive(run, "execute a step of");
  const state = chosenState(run, request);
  const node = run.nodeOf(state);
  if (node.type === "approval") {
    if (request.decision === undefined) {
      throw invalid(`approval "${node.id}" needs a decision`, [
        { path: "/decision", code: "missing-property", message: 'give "decision": "approve" or "reject"' },
      ]);
    }
    const edge = (run.flow.outgoing.get(node.id) ?? []).find((e) => e.on === request.decision);
    if (!edge) throw new ConflictError(`approval "${node.id}" has no "${request.decision}" path`, "no-such-decision");
    const output = { decision: request.decision, ...(request.comment ? { comment: request.comment } : {}) };
    const when = run.at();
    const at = when.toISOString();
    // The decision is the approval's output, so later expressions can read phases.<id>.output.decision.
    const phase = run.phase(node.id);
    phase.output = output;
    phase.status = "completed";
    phase.attempts = 1;
    phase.startedAt = at;
    phase.finishedAt = at;
    run.event("node.decided", node.id, noted(note, output), when);
    const detail = { decision: request.decision, comment: request.comment ?? null, by: note.by ?? null };
    completeNode(run, state, undefined, edge.id, { output, detail });
  } else {
    if (request.decision !== undefined) {
      throw invalid(`"${node.id}" is a manual phase, not an approval`, [
        { path: "/decision", code: "unknown-property", message: "only approvals take a decision" },
      ]);
    }
    const step = run.stepOf(state);
    step.status = "ready";
    step.triggered = true;
    if (request.input) step.input = request.input;
    const said = {
      ...(request.input ? { input: request.input } : {}),
      ...(request.comment ? { comment: request.comment } : {}),
    };
    run.event("node.triggered", node.id, noted(note, said));
  }
  run.settleStatus();
  runNow(run);
}
