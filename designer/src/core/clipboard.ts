/**
 * Copy, paste and duplicate. A pasted fragment always gets fresh node and edge ids (named after the originals:
 * copying `phase-3` gives `phase-4`), keeps only the edges whose both ends came along, and keeps `onError.goto`
 * jumps between copied nodes pointing at the copies. A start is pasted only into a flow that has none, since a
 * flow has exactly one.
 */
import type { FlowDefinition, FlowEdge, FlowNode } from "@mfo/schemas";
import { type CommandResult, done } from "./command-result.js";
import { edgeIds, nodeIds, nodePosition, type Position, withPosition } from "./document.js";
import { freshEdgeId, freshNodeId } from "./ids.js";

/** Nodes and edges on the clipboard. */
export interface Fragment {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
}

/** Where duplicates land relative to their originals, so they don't hide them. */
export const DUPLICATE_OFFSET: Position = { x: 40, y: 40 };

/** The nodes with these ids (in document order) and the edges between them, for the clipboard. */
export function copyFragment(doc: FlowDefinition, ids: readonly string[]): Fragment {
  const wanted = new Set(ids);
  const nodes = doc.nodes.filter((n) => wanted.has(n.id));
  const copied = new Set(nodes.map((n) => n.id));
  return { nodes, edges: doc.edges.filter((e) => copied.has(e.source) && copied.has(e.target)) };
}

/** A copied phase's `onError: { goto }` follows its target when that target was copied too. */
function remapGoto(node: FlowNode, renamed: ReadonlyMap<string, string>): FlowNode {
  if (node.type !== "phase" || typeof node.onError !== "object" || node.onError === null) return node;
  const target = renamed.get(node.onError.goto);
  return target === undefined ? node : { ...node, onError: { goto: target } };
}

/**
 * Adds a copy of `fragment`, every node shifted by `offset`, with fresh ids for nodes and edges. Edges whose ends
 * were not both pasted are dropped, so the result never has an edge to a missing node. Selects what it pasted.
 */
export function paste(
  doc: FlowDefinition,
  { fragment, offset }: { fragment: Fragment; offset: Position },
): CommandResult {
  const takenNodes = nodeIds(doc);
  const takenEdges = edgeIds(doc);
  let hasStart = doc.nodes.some((n) => n.type === "start");
  const renamed = new Map<string, string>();
  const sources: FlowNode[] = [];
  for (const node of fragment.nodes) {
    if (renamed.has(node.id)) continue; // a repeated id in a draft: paste its first node only
    if (node.type === "start") {
      if (hasStart) continue;
      hasStart = true;
    }
    const id = freshNodeId(node.id, takenNodes);
    takenNodes.add(id);
    renamed.set(node.id, id);
    sources.push(node);
  }
  const nodes = sources.map((node) => {
    const at = nodePosition(node);
    const copy = remapGoto({ ...node, id: renamed.get(node.id) ?? node.id }, renamed);
    return withPosition(copy, { x: at.x + offset.x, y: at.y + offset.y });
  });
  const edges: FlowEdge[] = [];
  for (const edge of fragment.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = freshEdgeId(takenEdges);
    takenEdges.add(id);
    edges.push({ ...edge, id, source, target });
  }
  if (nodes.length === 0) return done(doc);
  return done(
    { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] },
    nodes.map((n) => n.id),
    edges.map((e) => e.id),
  );
}

/** Pastes a copy of the nodes with these ids (and the edges between them) next to the originals. */
export function duplicate(
  doc: FlowDefinition,
  { ids, offset = DUPLICATE_OFFSET }: { ids: readonly string[]; offset?: Position },
): CommandResult {
  return paste(doc, { fragment: copyFragment(doc, ids), offset });
}
