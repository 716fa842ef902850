/**
 * Compiles a published flow version into an XState 5 machine, built with setup() so the JSON-like config
 * refers to its one guard (`from`) and one action (`enter`) by name. The machine is the flow's structure and
 * nothing else: it says where an instance is and which states a transition enters. The engine never lets
 * XState run effects; it takes the `enter` actions that `transition()` returns and carries them out durably
 * (run a handler, set a timer, wait for a person), then sends `done` or `failed` for the state it finished.
 */
import { type FlowDefinition, type FlowEdge, type FlowNode, findParallelJoins } from "@mfo/schemas";
import { type AnyStateMachine, setup } from "xstate";
import { CompileError, type FlowIndex, gotoTarget, type Placement, placeNodes, type Scope } from "./place-nodes.js";

/** Events the engine sends: a state finished (a decision or approval says which edge it took), or failed. */
export type FlowEvent = { type: "done"; state: string; edge?: string } | { type: "failed"; state: string };

/** The final state an unhandled failure leads to. "~" cannot appear in a node id, so it never collides. */
export const FAILED_STATE = "~failed";
const ARRIVED = "~arrived";

export interface CompiledState {
  stateId: string;
  node: FlowNode;
  /** Dot-joined state keys from the root, as they appear in a snapshot's value. */
  path: string;
}

export interface CompiledFlow {
  definition: FlowDefinition;
  machine: AnyStateMachine;
  /** Every state that stands for a node, by state id. */
  states: ReadonlyMap<string, CompiledState>;
  /** State id by value path, to read active states from a snapshot. */
  byPath: ReadonlyMap<string, string>;
  /** Outgoing edges by node id, in document order. */
  outgoing: ReadonlyMap<string, FlowEdge[]>;
}

type StateConfig = Record<string, unknown>;

function index(definition: FlowDefinition): FlowIndex {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, FlowEdge[]>();
  for (const edge of definition.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  return { nodes, outgoing, joins: findParallelJoins(definition) };
}

/** Compiles a valid definition (validate it first); throws CompileError on a graph it cannot place. */
export function compileFlow(definition: FlowDefinition): CompiledFlow {
  const idx = index(definition);
  const { placements } = placeNodes(definition, idx);
  const byScope = new Map<Scope, Placement[]>();
  for (const p of placements) byScope.set(p.scope, [...(byScope.get(p.scope) ?? []), p]);
  const placedScopes = new Map<string, Scope[]>();
  for (const p of placements) placedScopes.set(p.node.id, [...(placedScopes.get(p.node.id) ?? []), p.scope]);

  /** The state a transition from `scope` to node `id` goes to: the nearest placement outward. */
  const target = (id: string, scope: Scope): string => {
    if (id === scope.joinId) return `#${scope.prefix}${ARRIVED}`;
    const scopes = placedScopes.get(id) ?? [];
    for (let s: Scope | undefined = scope; s; s = s.parent) if (scopes.includes(s)) return `#${s.prefix}${id}`;
    throw new CompileError(`node "${id}" is not reachable from ${scope.prefix || "the root"}`);
  };
  const single = (p: Placement): string => {
    const edge = idx.outgoing.get(p.node.id)?.[0];
    if (!edge) throw new CompileError(`node "${p.node.id}" has no outgoing edge`);
    return target(edge.target, p.scope);
  };
  const guard = (state: string, edge?: string) => ({ type: "from", params: edge ? { state, edge } : { state } });

  /** `done` naming the edge taken (decisions, approvals, an event wait with a timeout). */
  const guardedEdges = (p: Placement, base: StateConfig, fail: StateConfig): StateConfig => {
    const edges = idx.outgoing.get(p.node.id) ?? [];
    return {
      ...base,
      on: {
        done: edges.map((e) => ({ guard: guard(p.stateId, e.id), target: target(e.target, p.scope) })),
        failed: fail,
      },
    };
  };

  const stateConfig = (p: Placement): StateConfig => {
    const id = p.stateId;
    const base = { id, entry: { type: "enter", params: { state: id, node: p.node.id } } };
    const fail = { guard: guard(id), target: `#${FAILED_STATE}` };
    switch (p.node.type) {
      case "end":
        return { ...base, type: "final" };
      case "wait":
        // A wait for an event with a timeout leaves by one of two edges (on: timeout, or the event's): like an
        // approval, the engine names the edge; any other wait has one edge.
        if (p.node.event?.timeoutMs === undefined)
          return { ...base, on: { done: { guard: guard(id), target: single(p) }, failed: fail } };
        return guardedEdges(p, base, fail);
      case "decision":
      case "approval":
        return guardedEdges(p, base, fail);
      case "parallel": {
        const join = idx.joins.get(p.node.id) as string;
        const regions: Record<string, StateConfig> = {};
        (idx.outgoing.get(p.node.id) ?? []).forEach((edge, i) => {
          const region = [...byScope.keys()].find((s) => s.prefix === `${p.scope.prefix}${p.node.id}~${i}/`);
          const first = edge.target === join ? ARRIVED : edge.target;
          if (!region && first !== ARRIVED) throw new CompileError(`branch ${edge.id} of "${p.node.id}" is empty`);
          regions[`b${i}`] = { initial: first, states: region ? scopeStates(region) : arrivedOnly(p, i) };
        });
        return { ...base, type: "parallel", states: regions, onDone: { target: target(join, p.scope) } };
      }
      case "phase": {
        const goto = gotoTarget(definition, p.node);
        const onError = p.node.onError ?? definition.settings?.onError ?? "fail";
        const failed =
          goto !== undefined
            ? { guard: guard(id), target: target(goto, p.scope) }
            : onError === "continue"
              ? { guard: guard(id), target: single(p) }
              : fail;
        return { ...base, on: { done: { guard: guard(id), target: single(p) }, failed } };
      }
      default:
        return { ...base, on: { done: { guard: guard(id), target: single(p) }, failed: fail } };
    }
  };
  const arrivedOnly = (p: Placement, i: number): Record<string, StateConfig> => ({
    [ARRIVED]: { id: `${p.scope.prefix}${p.node.id}~${i}/${ARRIVED}`, type: "final" },
  });
  function scopeStates(scope: Scope): Record<string, StateConfig> {
    const states: Record<string, StateConfig> = {};
    for (const p of byScope.get(scope) ?? []) states[p.node.id] = stateConfig(p);
    if (scope.joinId !== undefined) states[ARRIVED] = { id: `${scope.prefix}${ARRIVED}`, type: "final" };
    return states;
  }

  const rootScope = placements.find((p) => p.scope.prefix === "")?.scope as Scope;
  const start = definition.nodes.find((n) => n.type === "start") as FlowNode;
  const machine = setup({
    types: {} as { context: Record<string, unknown>; events: FlowEvent },
    guards: {
      from: ({ event }, params: { state: string; edge?: string }) =>
        event.state === params.state &&
        (params.edge === undefined || (event.type === "done" && event.edge === params.edge)),
    },
    actions: {
      // Carried out by the engine from the list transition() returns; a no-op inside XState.
      enter: () => {},
    },
  }).createMachine({
    id: definition.id,
    initial: start.id,
    context: {},
    states: { ...scopeStates(rootScope), [FAILED_STATE]: { id: FAILED_STATE, type: "final" } },
  } as never);

  const states = new Map<string, CompiledState>();
  const byPath = new Map<string, string>();
  for (const p of placements) {
    const path = p.path.join(".");
    states.set(p.stateId, { stateId: p.stateId, node: p.node, path });
    byPath.set(path, p.stateId);
  }
  // The engine uses the machine only through xstate's pure functions, which take any machine.
  return { definition, machine: machine as unknown as AnyStateMachine, states, byPath, outgoing: idx.outgoing };
}
