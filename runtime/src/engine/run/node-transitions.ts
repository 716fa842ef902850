/**
 * What happens to a node of a run: it completes, fails, starts an attempt, records an attempt's outcome, waits
 * (a timer, a person, a child instance), and what the timers that wake it do. Each change writes its event
 * beside the bookkeeping, so the two never disagree. Called through InstanceRun only.
 */
import type { PhaseNode } from "@mfo/schemas";
import type { DueTimer, InstanceRecord, NewInstance } from "../../store/instances/index.js";
import { retryDelay, retryPolicy } from "../retry-policy.js";
import type { PhaseResult } from "../run-phase.js";
import { type AttemptFields, markStarted, recordAttempt } from "./attempts.js";
import { fireEventTimer } from "./event-transitions.js";
import type { RunState } from "./run-state.js";

/**
 * Fails a node: records the error and sends `failed` (its onError decides where that leads). The message is
 * stored and shown, so the secrets the instance holds are cut out of it first.
 */
export function failNode(
  run: RunState,
  state: string,
  code: string,
  message: string,
  fields: AttemptFields = {},
): void {
  const node = run.nodeOf(state);
  const error = { nodeId: node.id, code, message: run.redact(message) };
  run.lastError = error;
  const at = run.at();
  if (node.type === "phase" || node.type === "subflow") {
    const phase = run.phase(node.id);
    phase.status = "failed";
    phase.finishedAt = at.toISOString();
    phase.error = error;
    run.finishPhase(node.id, "failed");
  }
  run.event("node.failed", node.id, { code, message: error.message }, at);
  recordAttempt(run, state, "failed", { ...fields, error });
  run.send({ type: "failed", state });
}

/** Completes a node with its output (phases) and sends `done`, naming the edge for decisions and approvals. */
export function completeNode(
  run: RunState,
  state: string,
  output?: unknown,
  edge?: string,
  fields: AttemptFields = {},
): void {
  const node = run.nodeOf(state);
  const at = run.at();
  let kept: AttemptFields = fields;
  if (node.type === "phase" || node.type === "subflow") {
    const phase = run.phase(node.id);
    phase.output = output as typeof phase.output;
    phase.status = "completed";
    phase.finishedAt = at.toISOString();
    phase.error = null;
    run.finishPhase(node.id, "completed");
  } else if (node.type === "wait") {
    // A wait keeps a record as approvals do, so progress and the run view can tell a passed wait from one ahead.
    const phase = run.phase(node.id);
    phase.status = "completed";
    phase.finishedAt = at.toISOString();
    kept = { detail: { dueAt: run.book.steps[state]?.dueAt ?? null, firedAt: phase.finishedAt }, ...fields };
  } else if (node.type === "start") {
    kept = { output: run.context.input, ...fields };
  }
  run.event("node.completed", node.id, edge ? { edge } : null, at);
  recordAttempt(run, state, "completed", output === undefined ? kept : { ...kept, output });
  run.send(edge ? { type: "done", state, edge } : { type: "done", state });
}

/** Records an attempt's outcome: output, a scheduled retry, or failure once the policy is spent. */
export function applyPhaseResult(run: RunState, state: string, result: PhaseResult): void {
  const node = run.nodeOf(state) as PhaseNode;
  const step = run.stepOf(state);
  // An attempt whose result commits was not interrupted: the count of interruptions in a row starts over.
  if (step.interrupted !== undefined) delete step.interrupted;
  const { record } = result;
  if (result.ok) {
    completeNode(run, state, result.output, undefined, { record });
    return;
  }
  const policy = retryPolicy(run.flow.definition, node);
  if (result.retryable && step.attempt < policy.maxAttempts) {
    const delayMs = retryDelay(policy, step.attempt, run.random);
    const dueAt = new Date(run.at().getTime() + delayMs);
    step.status = "scheduled";
    step.dueAt = dueAt.toISOString();
    run.timer("retry", state, dueAt);
    const message = run.redact(result.message);
    run.event("node.retrying", node.id, { attempt: step.attempt, code: result.code, message, delayMs });
    recordAttempt(run, state, "retrying", { record, error: { nodeId: node.id, code: result.code, message } });
    return;
  }
  failNode(run, state, result.code, result.message, { record });
}

/** Marks a phase attempt as started (the event and counters the commit before a side effect writes). */
export function beginAttempt(run: RunState, state: string): number {
  const node = run.nodeOf(state);
  const step = run.stepOf(state);
  const phase = run.phase(node.id);
  step.attempt += 1;
  step.status = "running";
  phase.attempts += 1;
  phase.status = "running";
  const at = run.at();
  phase.startedAt = at.toISOString();
  phase.finishedAt = null;
  run.event("node.started", node.id, { attempt: phase.attempts }, at);
  markStarted(run, state);
  return phase.attempts;
}

/** A wait node sleeps until `due`: a timer wakes it. Its record says it waits (a step not yet done). */
export function scheduleWait(run: RunState, state: string, due: Date): void {
  const phase = run.phase(run.nodeOf(state).id);
  phase.status = "waiting";
  phase.attempts = 1;
  const at = run.at();
  phase.startedAt = at.toISOString();
  phase.finishedAt = null;
  const step = run.stepOf(state);
  step.status = "scheduled";
  step.dueAt = due.toISOString();
  run.timer("wait", state, due);
  run.event("node.waiting", run.nodeOf(state).id, { until: due.toISOString() }, at);
  markStarted(run, state);
}

/** A subflow node started its child instance (created by the same commit) and waits for it to end. */
export function startChild(run: RunState, state: string, child: NewInstance): void {
  const node = run.nodeOf(state);
  // A secret of the parent passed in stays sealed in the child's stored input.
  const context = child.record.context;
  child.record.context = { ...context, input: run.sealSecretsIn(context.input) as typeof context.input };
  run.children.push(child);
  const step = run.stepOf(state);
  step.status = "waiting";
  step.childId = child.record.id;
  const phase = run.phase(node.id);
  phase.status = "running";
  phase.attempts += 1;
  const at = run.at();
  phase.startedAt = at.toISOString();
  run.event(
    "node.started",
    node.id,
    { childId: child.record.id, ...(node.type === "subflow" ? { flowType: node.flowType } : {}) },
    at,
  );
  markStarted(run, state);
}

/**
 * Completes or fails a subflow node once its child ended. The child's phase outputs become the node's output,
 * opened for this instance's expressions; what the child kept sealed stays sealed in this instance too.
 */
export function finishSubflow(run: RunState, state: string, child: InstanceRecord): void {
  if (child.status !== "completed") {
    failNode(run, state, "subflow-failed", `child instance ${child.id} ended ${child.status}`);
    return;
  }
  const phases = Object.fromEntries(
    Object.entries(child.context.phases).map(([phaseId, phase]) => [phaseId, phase?.output ?? null]),
  );
  const output = run.openStored(["phases", run.nodeOf(state).id, "output"], { instanceId: child.id, phases });
  completeNode(run, state, output);
}

/** Fires the instance's due timers: a wait ends (or its event came), a retry becomes ready, a subflow whose child ended finishes. */
export async function fireTimers(
  run: RunState,
  due: readonly DueTimer[],
  loadChild: (id: string) => Promise<InstanceRecord | undefined>,
): Promise<void> {
  for (const timer of due) {
    run.firedTimers.push(timer.id);
    const state = timer.nodeId;
    const step = state ? run.book.steps[state] : undefined;
    if (!state || !step) continue;
    if (fireEventTimer(run, state, timer)) continue;
    if (timer.kind === "wait" && step.status === "scheduled") completeNode(run, state);
    else if (timer.kind === "retry" && step.status === "scheduled") step.status = "ready";
    else if (timer.kind === "subflow" && step.status === "waiting" && step.childId) {
      const child = await loadChild(step.childId);
      if (!child || child.finishedAt === null) continue;
      finishSubflow(run, state, child);
    }
  }
}
