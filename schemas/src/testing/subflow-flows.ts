/**
 * Small flows for tests of subflows: one that calls other flow types in a row, and one that does nothing, to
 * stand in for a flow type another one names (e.g. the "assessment" that sampleFlow's subflow runs).
 */
import type { FlowDefinition, SubflowNode } from "../generated/types.js";

/** `start -> one subflow node per target, in order -> done` (no targets: `start -> done`). */
export function callingFlow(id: string, targets: Array<Pick<SubflowNode, "flowType" | "version">>): FlowDefinition {
  const nodes = [
    { id: "start", type: "start" },
    ...targets.map((t, i) => ({ id: `call-${i}`, type: "subflow", ...t })),
    { id: "done", type: "end" },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]?.id as string, target: n.id }));
  return { id, name: id, nodes, edges } as FlowDefinition;
}

/** `start -> done`: a valid flow type named `id` that does nothing. */
export function emptyFlow(id: string, name = id): FlowDefinition {
  return { ...callingFlow(id, []), name };
}
