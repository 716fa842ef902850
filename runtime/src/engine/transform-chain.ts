/**
 * A straight run of `transform` phases, evaluated in one job of the expression pool rather than one round trip
 * per phase (issue 15: a flow of 5 transforms waited 5 round trips per instance, one after the other).
 *
 * When advance() is about to run a transform phase, it looks ahead along the graph: each next node must be a
 * transform too, reached by the single unconditional outgoing edge of the one before, with no other incoming
 * edge. The process evaluates them in order, each over the context the engine would have given it
 * (expression/evaluate-chain.ts). The engine then still applies each phase through the ordinary path (attempt,
 * runPhase, applyPhaseResult), only without calling the handler: events, timestamps and the context are
 * written exactly as before. A failed expression's error is applied as the handler would have thrown it. A
 * missing result (the job was stopped, or an expression read a chained phase's timestamps) sends that phase,
 * and the ones after it, down the ordinary path; so does anything else running in between (another branch).
 *
 * To keep the results trivially equal, only the simplest phases chain: the built-in handler with just its
 * `expression` param (no "=" params), no validators, no sensitive fields, no manual trigger, first attempt,
 * and a phase timeout the expression cannot reach.
 */
import { type FlowDefinition, type FlowNode, isDynamicValue, type PhaseNode } from "@mfo/schemas";
import { DEFAULT_POOL_OPTIONS } from "../expression/evaluator.js";
import { ExpressionError } from "../expression/expression-error.js";
import type { ChainStep } from "../expression/pool-protocol.js";
import { transformChain } from "../handlers/transform.js";
import { timeoutOf } from "./retry-policy.js";
import type { InstanceRun } from "./run/instance-run.js";
import type { Precomputed } from "./run-phase.js";
import type { EngineDeps } from "./types.js";

/** The longest past its time limit the pool lets an expression run (its grace; the runtime keeps the default). */
const POOL_GRACE_MS = DEFAULT_POOL_OPTIONS.graceMs;

interface Graph {
  nodes: Map<string, FlowNode>;
  incoming: Map<string, number>;
}

const graphs = new WeakMap<FlowDefinition, Graph>();

function graphOf(definition: FlowDefinition): Graph {
  let graph = graphs.get(definition);
  if (!graph) {
    const incoming = new Map<string, number>();
    for (const edge of definition.edges) incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    graph = { nodes: new Map(definition.nodes.map((n) => [n.id, n])), incoming };
    graphs.set(definition, graph);
  }
  return graph;
}

/** The node's expression when it is a phase that can be chained, else undefined. */
function chainableSource(run: InstanceRun, deps: EngineDeps, node: FlowNode | undefined): string | undefined {
  if (node?.type !== "phase" || node.trigger === "manual") return undefined;
  if ((node.validators?.length ?? 0) > 0 || (node.sensitive?.length ?? 0) > 0) return undefined;
  const params = node.params ?? {};
  const expression = params.expression;
  if (Object.keys(params).length !== 1 || typeof expression !== "string" || isDynamicValue(expression))
    return undefined;
  const chain = transformChain(deps.handlers.get(node.handler));
  // Under its phase timeout whatever the expression does: a result ahead of time changes no race.
  if (!chain || timeoutOf(run.flow.definition, node) <= chain.timeoutMs + POOL_GRACE_MS) return undefined;
  return expression;
}

/** The chain that starts at `first`: it and the transforms that follow it in a straight line. */
function stepsFrom(run: InstanceRun, deps: EngineDeps, first: PhaseNode, source: string): ChainStep[] {
  const graph = graphOf(run.flow.definition);
  const steps: ChainStep[] = [{ nodeId: first.id, source }];
  const seen = new Set([first.id]);
  for (let node: FlowNode = first; ; ) {
    const edges = run.flow.outgoing.get(node.id) ?? [];
    const edge = edges[0];
    if (edges.length !== 1 || !edge || edge.condition !== undefined) break;
    const next = graph.nodes.get(edge.target);
    if (!next || seen.has(next.id) || graph.incoming.get(next.id) !== 1) break;
    const nextSource = chainableSource(run, deps, next);
    if (nextSource === undefined) break;
    steps.push({ nodeId: next.id, source: nextSource });
    seen.add(next.id);
    node = next;
  }
  return steps;
}

/** The chain advance() is consuming: the results of the phases still to come, in order. */
export interface ChainCursor {
  /** Called for every state advance() moves: anything but the chain's next phase drops what is left of it. */
  visit(nodeId: string): void;
  /** The precomputed result for this phase, whose first attempt has just begun; undefined: run it as ever. */
  take(run: InstanceRun, deps: EngineDeps, state: string, node: PhaseNode): Promise<Precomputed | undefined>;
}

/** A cursor for one advance() call. */
export function createChainCursor(): ChainCursor {
  let pending: Array<{ nodeId: string; result: Precomputed | undefined }> = [];
  // A chain job that did not answer (stopped at a limit, its process died): the phases go one by one from then
  // on, so that a hostile expression costs what it would unchained, not once per chain planned after it.
  let broken = false;
  return {
    visit(nodeId) {
      if (pending[0]?.nodeId !== nodeId) pending = [];
    },
    async take(run, deps, state, node) {
      const ahead = run.step(state)?.attempt === 1 ? pending.shift() : undefined;
      if (ahead?.result) return ahead.result;
      // No result for it (or none planned): it starts a new chain, in which it sees the context as it is.
      pending = [];
      if (broken) return undefined;
      const source = run.step(state)?.attempt === 1 ? chainableSource(run, deps, node) : undefined;
      if (source === undefined) return undefined;
      const steps = stepsFrom(run, deps, node, source);
      const chain = transformChain(deps.handlers.get(node.handler));
      if (steps.length < 2 || !chain) return undefined;
      const { input, phases, vars } = run.context;
      const done = await chain.run(steps, { input, phases, vars }).catch(() => undefined);
      if (!done) {
        broken = true;
        return undefined;
      }
      const results: Array<Precomputed | undefined> = steps.map((_, index) => {
        if (index < done.outputs.length) return { output: done.outputs[index] };
        const e = index === done.outputs.length ? done.error : undefined;
        return e ? { error: new ExpressionError(e.message, e.code, e.position) } : undefined;
      });
      pending = steps.slice(1).map((step, index) => ({ nodeId: step.nodeId, result: results[index + 1] }));
      return results[0];
    },
  };
}
