/**
 * Decides where each node lives in the statechart. The root scope holds everything reachable from start
 * without entering a parallel's branches; each branch of a parallel is a region scope holding the nodes
 * reachable from the branch's first node before its join. Ends always live at the root (reaching one ends
 * the instance, from wherever). A node that two branches share is placed in both regions, so each branch
 * runs its own copy, exactly as two tokens would.
 */
import type { FlowDefinition, FlowEdge, FlowNode } from "@mfo/schemas";

export interface Scope {
  /** Prefix of state ids in this scope: "" at the root, "fan~0/" for the first branch of parallel "fan". */
  prefix: string;
  /** State keys from the root to this scope's container ([] at the root; [..., "fan", "b0"] in a region). */
  path: string[];
  /** The join that ends this region (undefined at the root). */
  joinId?: string;
  parent?: Scope;
}

export interface Placement {
  stateId: string;
  node: FlowNode;
  scope: Scope;
  /** State keys from the root to the node's state. */
  path: string[];
}

export interface FlowIndex {
  nodes: Map<string, FlowNode>;
  /** Outgoing edges by source id, in document order (a decision tries them in this order). */
  outgoing: Map<string, FlowEdge[]>;
  joins: Map<string, string>;
}

export class CompileError extends Error {}

/** The error-path target of a phase: its own onError, else the flow's. */
export function gotoTarget(definition: FlowDefinition, node: FlowNode): string | undefined {
  const onError = node.type === "phase" && node.onError !== undefined ? node.onError : definition.settings?.onError;
  return node.type === "phase" && typeof onError === "object" ? onError.goto : undefined;
}

export function placeNodes(definition: FlowDefinition, index: FlowIndex): { placements: Placement[]; root: Scope } {
  const root: Scope = { prefix: "", path: [] };
  const placements: Placement[] = [];
  const placedIn = new Map<string, Scope[]>();
  const isPlacedAround = (id: string, scope: Scope | undefined): boolean => {
    const scopes = placedIn.get(id) ?? [];
    for (let s = scope; s; s = s.parent) if (scopes.includes(s)) return true;
    return false;
  };
  const place = (node: FlowNode, scope: Scope) => {
    placements.push({ stateId: `${scope.prefix}${node.id}`, node, scope, path: [...scope.path, node.id] });
    placedIn.set(node.id, [...(placedIn.get(node.id) ?? []), scope]);
  };

  for (const node of definition.nodes) if (node.type === "end") place(node, root);

  const fill = (scope: Scope, entries: string[]) => {
    const parallels: FlowNode[] = [];
    const queue = [...entries];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      const node = index.nodes.get(id);
      if (!node || node.type === "end" || id === scope.joinId || isPlacedAround(id, scope)) continue;
      place(node, scope);
      if (node.type === "parallel") {
        parallels.push(node);
        const join = index.joins.get(node.id);
        if (join === undefined) throw new CompileError(`parallel "${node.id}" has no join`);
        queue.push(join);
        continue;
      }
      for (const edge of index.outgoing.get(id) ?? []) queue.push(edge.target);
      const goto = gotoTarget(definition, node);
      if (goto !== undefined) queue.push(goto);
    }
    for (const parallel of parallels) {
      (index.outgoing.get(parallel.id) ?? []).forEach((edge, i) => {
        const region: Scope = {
          prefix: `${scope.prefix}${parallel.id}~${i}/`,
          path: [...scope.path, parallel.id, `b${i}`],
          joinId: index.joins.get(parallel.id) as string,
          parent: scope,
        };
        fill(region, [edge.target]);
      });
    }
  };
  const start = definition.nodes.find((n) => n.type === "start");
  if (!start) throw new CompileError("the flow has no start node");
  fill(root, [start.id]);
  return { placements, root };
}
