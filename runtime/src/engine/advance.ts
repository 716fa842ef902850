/**
 * Moves an instance forward in memory as far as it can go without a boundary: start, join, parallel, decision,
 * pure phases (whose catalogue entry says `pure`), and the bookkeeping of waits, approvals, manual phases and
 * subflows. It stops at a side-effecting phase (the caller commits its start, runs it outside any transaction,
 * then applies the result) or when nothing is ready. One event per node, whatever is batched.
 */
import type { DecisionNode, FlowEdge, PhaseNode, SubflowNode, WaitNode } from "@mfo/schemas";
import type { InstanceRecord } from "../store/instances/index.js";
import { retryDelay, retryPolicy } from "./retry-policy.js";
import { type PhaseResult, runPhase } from "./run-phase.js";
import type { EngineDeps } from "./types.js";
import type { Work } from "./work.js";

/**
 * Fails a node: records the error and sends `failed` (its onError decides where that leads). The message is
 * stored and shown, so the secrets the instance holds are cut out of it first.
 */
export function failNode(work: Work, state: string, code: string, message: string): void {
  const node = work.nodeOf(state);
  const error = { nodeId: node.id, code, message: work.redact(message) };
  work.lastError = error;
  if (node.type === "phase" || node.type === "subflow") {
    const phase = work.phase(node.id);
    Object.assign(phase, { status: "failed", finishedAt: work.at().toISOString(), error });
    work.finishPhase(node.id, "failed");
  }
  work.event("node.failed", node.id, { code, message: error.message });
  work.send({ type: "failed", state });
}

/** Completes a node with its output (phases) and sends `done`, naming the edge for decisions and approvals. */
export function completeNode(work: Work, state: string, output?: unknown, edge?: string): void {
  const node = work.nodeOf(state);
  if (node.type === "phase" || node.type === "subflow") {
    const phase = work.phase(node.id);
    Object.assign(phase, { output, status: "completed", finishedAt: work.at().toISOString(), error: null });
    work.finishPhase(node.id, "completed");
  }
  work.event("node.completed", node.id, edge ? { edge } : null);
  work.send(edge ? { type: "done", state, edge } : { type: "done", state });
}

/** Records an attempt's outcome: output, a scheduled retry, or failure once the policy is spent. */
export function applyPhaseResult(work: Work, deps: EngineDeps, state: string, result: PhaseResult): void {
  const node = work.nodeOf(state) as PhaseNode;
  const step = work.stepOf(state);
  if (result.ok) {
    completeNode(work, state, result.output);
    return;
  }
  const policy = retryPolicy(work.flow.definition, node);
  if (result.retryable && step.attempt < policy.maxAttempts) {
    const delayMs = retryDelay(policy, step.attempt, deps.random);
    const dueAt = new Date(work.at().getTime() + delayMs);
    Object.assign(step, { status: "scheduled", dueAt: dueAt.toISOString() });
    work.timer("retry", state, dueAt);
    work.event("node.retrying", node.id, {
      attempt: step.attempt,
      code: result.code,
      message: work.redact(result.message),
      delayMs,
    });
    return;
  }
  failNode(work, state, result.code, result.message);
}

/** Marks a phase attempt as started (the event and counters the commit before a side effect writes). */
export function beginAttempt(work: Work, state: string): number {
  const node = work.nodeOf(state);
  const step = work.stepOf(state);
  const phase = work.phase(node.id);
  step.attempt += 1;
  step.status = "running";
  phase.attempts += 1;
  phase.status = "running";
  phase.startedAt = work.at().toISOString();
  phase.finishedAt = null;
  work.event("node.started", node.id, { attempt: phase.attempts });
  return phase.attempts;
}

async function decide(work: Work, deps: EngineDeps, state: string, node: DecisionNode): Promise<void> {
  const edges = work.flow.outgoing.get(node.id) ?? [];
  let chosen: FlowEdge | undefined;
  try {
    for (const edge of edges) {
      if (edge.condition === undefined) continue;
      if ((await deps.evaluate(edge.condition, work.context)) === true) {
        chosen = edge;
        break;
      }
    }
  } catch (error) {
    failNode(work, state, "expression-failed", (error as Error).message);
    return;
  }
  chosen ??= edges.find((e) => e.default === true);
  if (!chosen) {
    failNode(work, state, "no-branch", `no condition of decision "${node.id}" held and it has no default edge`);
    return;
  }
  completeNode(work, state, undefined, chosen.id);
}

async function scheduleWait(work: Work, deps: EngineDeps, state: string, node: WaitNode): Promise<void> {
  let due: Date;
  if (node.delayMs !== undefined) due = new Date(work.at().getTime() + node.delayMs);
  else {
    try {
      const value = await deps.evaluate(node.until as string, work.context);
      due = new Date(typeof value === "number" || typeof value === "string" ? value : Number.NaN);
    } catch (error) {
      failNode(work, state, "expression-failed", (error as Error).message);
      return;
    }
    if (Number.isNaN(due.getTime())) {
      failNode(work, state, "invalid-time", `wait "${node.id}": until did not give a time (an ISO string or epoch ms)`);
      return;
    }
  }
  Object.assign(work.stepOf(state), { status: "scheduled", dueAt: due.toISOString() });
  work.timer("wait", state, due);
  work.event("node.waiting", node.id, { until: due.toISOString() });
}

async function startChild(work: Work, deps: EngineDeps, state: string, node: SubflowNode): Promise<void> {
  try {
    const input = node.input === undefined ? {} : await deps.evaluate(node.input, work.context);
    const child = await deps.prepareChild(work.row.tenantId, node.flowType, node.version, input ?? {}, {
      id: work.row.id,
      state,
    });
    // A secret of the parent passed in stays sealed in the child's stored input.
    const context = child.record.context;
    child.record.context = { ...context, input: work.sealSecretsIn(context.input) as typeof context.input };
    work.children.push(child);
    Object.assign(work.stepOf(state), { status: "waiting", childId: child.record.id });
    const phase = work.phase(node.id);
    Object.assign(phase, { status: "running", attempts: phase.attempts + 1, startedAt: work.at().toISOString() });
    work.event("node.started", node.id, { childId: child.record.id, flowType: node.flowType });
  } catch (error) {
    failNode(work, state, "subflow-failed", (error as Error).message);
  }
}

/**
 * Completes or fails a subflow node once its child ended. The child's phase outputs become the node's output,
 * opened for this instance's expressions; what the child kept sealed stays sealed in this instance too.
 */
export function finishSubflow(work: Work, state: string, child: InstanceRecord): void {
  if (child.status !== "completed") {
    failNode(work, state, "subflow-failed", `child instance ${child.id} ended ${child.status}`);
    return;
  }
  const phases = Object.fromEntries(
    Object.entries(child.context.phases).map(([phaseId, phase]) => [phaseId, phase?.output ?? null]),
  );
  const output = work.openStored(["phases", work.nodeOf(state).id, "output"], { instanceId: child.id, phases });
  completeNode(work, state, output);
}

/** Whether a state is a phase whose handler has side effects (so its start must be committed before it runs). */
function isBoundary(work: Work, deps: EngineDeps, state: string): boolean {
  const node = work.nodeOf(state);
  const step = work.book.steps[state];
  if (node.type !== "phase" || (node.trigger === "manual" && !step?.triggered)) return false;
  return !deps.handlers.get(node.handler)?.entry.pure;
}

/**
 * Does every pure thing that is ready, in every branch, then returns the side-effecting phases that are ready
 * (empty when none): the caller starts them in one commit and runs them side by side.
 */
export async function advance(work: Work, deps: EngineDeps): Promise<string[]> {
  for (let guard = 0; guard < 100_000 && !work.finishedAt; guard++) {
    const ready = work.active().filter((s) => work.book.steps[s]?.status === "ready");
    const state = ready.find((s) => !isBoundary(work, deps, s));
    if (state === undefined) return ready;
    const node = work.nodeOf(state);
    const step = work.stepOf(state);
    switch (node.type) {
      case "start":
      case "join":
        completeNode(work, state);
        break;
      case "parallel":
        // Its branches were entered with it; it is left when they all reach the join.
        step.status = "waiting";
        work.event("node.completed", node.id);
        break;
      case "decision":
        await decide(work, deps, state, node);
        break;
      case "wait":
        await scheduleWait(work, deps, state, node);
        break;
      case "approval":
        step.status = "waiting";
        work.event("node.waiting", node.id, { for: "approval" });
        break;
      case "subflow":
        await startChild(work, deps, state, node);
        break;
      case "phase": {
        if (node.trigger === "manual" && !step.triggered) {
          step.status = "waiting";
          work.event("node.waiting", node.id, { for: "execute" });
          break;
        }
        // A pure handler: run it here, in memory; it commits with the next boundary.
        const attempt = beginAttempt(work, state);
        const result = await runPhase(deps, work.flow.definition, node, work.context, {
          instanceId: work.row.id,
          attempt,
          redact: work.redactor(),
          ...(step.input ? { input: step.input } : {}),
        });
        applyPhaseResult(work, deps, state, result);
        break;
      }
      case "end":
        // Entering an end finishes the machine in send(); a ready end cannot stay active.
        return [];
    }
  }
  return [];
}
