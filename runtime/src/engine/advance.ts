/**
 * The node-type dispatcher: moves a run forward in memory as far as it can go without a boundary, saying what
 * each node type does (start, join, parallel, decision, wait, approval, subflow, pure phases) through the run
 * aggregate's methods. It stops at a side-effecting phase (the caller commits its start, runs it outside any
 * transaction, then applies the result) or when nothing is ready. One event per node, whatever is batched.
 */
import type { DecisionNode, FlowEdge, FlowNode, SubflowNode, WaitNode } from "@mfo/schemas";
import { ExpressionError } from "../expression/expression-error.js";
import type { InstanceRun } from "./run/instance-run.js";
import { runPhase } from "./run-phase.js";
import { createChainCursor } from "./transform-chain.js";
import { type EngineDeps, SubflowDepthError } from "./types.js";

/** The code a node fails with when its expression failed: the limit it hit, else `fallback`. */
function failureCode(error: unknown, fallback: string): string {
  return (error instanceof ExpressionError ? error.limit : undefined) ?? fallback;
}

async function decide(run: InstanceRun, deps: EngineDeps, state: string, node: DecisionNode): Promise<void> {
  const edges = run.flow.outgoing.get(node.id) ?? [];
  const conditional = edges.filter((e) => e.condition !== undefined);
  let chosen: FlowEdge | undefined;
  let index: number;
  try {
    // All the conditions in one job: evaluated in edge order, stopping at the first true one.
    index = await deps.expressions.firstTrue(
      conditional.map((e) => e.condition as string),
      run.context,
    );
    chosen = conditional[index];
  } catch (error) {
    run.failNode(state, failureCode(error, "expression-failed"), (error as Error).message);
    return;
  }
  // The node's data: the conditions evaluated (all false up to the one that held), without evaluating again.
  const evaluated = index < 0 ? conditional : conditional.slice(0, index + 1);
  const conditions = evaluated.map((e, i) => ({ edge: e.id, when: e.condition as string, value: i === index }));
  chosen ??= edges.find((e) => e.default === true);
  if (!chosen) {
    run.failNode(state, "no-branch", `no condition of decision "${node.id}" held and it has no default edge`, {
      detail: { edge: null, conditions },
    });
    return;
  }
  run.completeNode(state, undefined, chosen.id, { detail: { edge: chosen.id, conditions } });
}

/**
 * A wait for a correlated event: its key is a literal, or an "=" expression over the context evaluated now (a
 * failing one fails the node, as a failing `until` does). Its commit registers the wait (or consumes an event
 * that came first).
 */
async function awaitEvent(
  run: InstanceRun,
  deps: EngineDeps,
  state: string,
  event: NonNullable<WaitNode["event"]>,
): Promise<void> {
  let key: unknown = event.key;
  if (event.key.startsWith("=")) {
    try {
      key = await deps.expressions.evaluate(event.key.slice(1), run.context);
    } catch (error) {
      run.failNode(state, failureCode(error, "expression-failed"), (error as Error).message);
      return;
    }
  }
  if ((typeof key !== "string" && typeof key !== "number") || key === "") {
    const nodeId = run.nodeOf(state).id;
    run.failNode(state, "invalid-key", `wait "${nodeId}": the event key did not give a string or a number`);
    return;
  }
  run.awaitEvent(state, event.name, String(key));
}

async function scheduleWait(run: InstanceRun, deps: EngineDeps, state: string, node: WaitNode): Promise<void> {
  if (node.event !== undefined) return awaitEvent(run, deps, state, node.event);
  let due: Date;
  if (node.delayMs !== undefined) due = new Date(run.at().getTime() + node.delayMs);
  else {
    try {
      const value = await deps.expressions.evaluate(node.until as string, run.context);
      due = new Date(typeof value === "number" || typeof value === "string" ? value : Number.NaN);
    } catch (error) {
      run.failNode(state, failureCode(error, "expression-failed"), (error as Error).message);
      return;
    }
    if (Number.isNaN(due.getTime())) {
      run.failNode(state, "invalid-time", `wait "${node.id}": until did not give a time (an ISO string or epoch ms)`);
      return;
    }
  }
  run.scheduleWait(state, due);
}

async function startChild(run: InstanceRun, deps: EngineDeps, state: string, node: SubflowNode): Promise<void> {
  try {
    const input = node.input === undefined ? {} : await deps.expressions.evaluate(node.input, run.context);
    const child = await deps.prepareChild(run.tenantId, node.flowType, node.version, input ?? {}, {
      id: run.id,
      state,
    });
    run.startChild(state, child);
  } catch (error) {
    const code = error instanceof SubflowDepthError ? error.code : failureCode(error, "subflow-failed");
    run.failNode(state, code, (error as Error).message);
  }
}

/** Whether a state is a phase whose handler has side effects (so its start must be committed before it runs). */
function isBoundary(run: InstanceRun, deps: EngineDeps, state: string): boolean {
  const node = run.nodeOf(state);
  if (node.type !== "phase" || (node.trigger === "manual" && !run.step(state)?.triggered)) return false;
  return !deps.handlers.get(node.handler)?.entry.pure;
}

export interface AdvanceOptions {
  /**
   * Asked before each node advance() would work on next: true stops there, leaving it (and whatever else is
   * ready) for a later advance(). The create path stops before a subflow and once its time budget is spent; what
   * ran is then exactly the start of what one uninterrupted advance() would have done, so the history is too.
   */
  stopBefore?(node: FlowNode): boolean;
}

/**
 * Does every pure thing that is ready, in every branch, then returns the side-effecting phases that are ready
 * (empty when none): the caller starts them in one commit and runs them side by side.
 */
export async function advance(run: InstanceRun, deps: EngineDeps, options: AdvanceOptions = {}): Promise<string[]> {
  const chain = deps.chainTransforms === false ? undefined : createChainCursor();
  for (let guard = 0; guard < 100_000 && !run.finished; guard++) {
    const ready = run.readyStates();
    const state = ready.find((s) => !isBoundary(run, deps, s));
    if (state === undefined) return ready;
    const node = run.nodeOf(state);
    if (options.stopBefore?.(node)) return ready.filter((s) => isBoundary(run, deps, s));
    chain?.visit(node.id);
    switch (node.type) {
      case "start":
      case "join":
        run.completeNode(state);
        break;
      case "parallel":
        run.passParallel(state);
        break;
      case "decision":
        await decide(run, deps, state, node);
        break;
      case "wait":
        await scheduleWait(run, deps, state, node);
        break;
      case "approval":
        run.awaitOperator(state, "approval");
        break;
      case "subflow":
        await startChild(run, deps, state, node);
        break;
      case "phase": {
        const step = run.step(state);
        if (node.trigger === "manual" && !step?.triggered) {
          run.awaitOperator(state, "execute");
          break;
        }
        // A pure handler: run it here, in memory; it commits with the next boundary.
        const attempt = run.beginAttempt(state);
        // A transform may have been evaluated ahead with the ones after it (transform-chain.ts).
        const precomputed = await chain?.take(run, deps, state, node);
        const result = await runPhase(deps, run.flow.definition, node, run.context, {
          instanceId: run.id,
          tenantId: run.tenantId,
          attempt,
          redact: run.redactor(),
          ...(step?.input ? { input: step.input } : {}),
          ...(precomputed ? { precomputed } : {}),
        });
        run.applyPhaseResult(state, result);
        break;
      }
      case "end":
        // Entering an end finishes the machine in send(); a ready end cannot stay active.
        return [];
    }
  }
  return [];
}
