/**
 * Copy, paste and duplicate. A pasted fragment always gets fresh node and edge ids (named after the originals:
 * copying `phase-3` gives `phase-4`), keeps only the edges whose both ends came along, and keeps `onError.goto`
 * jumps between copied nodes pointing at the copies. A start is pasted only into a flow that has none, since a
 * flow has exactly one. A copy never lands exactly on a node already there: pasting twice, or pasting what was just
 * duplicated, steps the copies further along the offset until their spots are free.
 */
import type { FlowDefinition, FlowEdge, FlowNode } from "@mfo/schemas";
import { type CommandResult, done } from "./command-result.js";
import { edgeIds, nodeIds, nodePosition, type Position, withPosition } from "./document.js";
import { edgeRoute, shiftRoute, withRoute } from "./edge-route.js";
import { freshEdgeId, freshNodeId } from "./ids.js";
import { DEFAULT_NODE_SIZE } from "./layout.js";
import { isPlaced } from "./placement.js";

/** Nodes and edges on the clipboard. */
export interface Fragment {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
}

/** Where duplicates land relative to their originals, so they don't hide them. */
export const DUPLICATE_OFFSET: Position = { x: 40, y: 40 };

/** Two nodes whose top-left corners are closer than this on both axes count as on top of each other. */
const SAME_SPOT = 10;

/** Where an unplaced node of a fragment goes before the offset: in a row, so several never share one spot. */
const UNPLACED_STEP = DEFAULT_NODE_SIZE.width + 40;

/**
 * The shift for copies at `spots`: `offset`, or `offset` taken as many more times as needed (DUPLICATE_OFFSET when
 * `offset` is zero) so that no copy lands on a node of `doc`.
 */
export function freeOffset(doc: FlowDefinition, spots: readonly Position[], offset: Position): Position {
  const taken = doc.nodes.map(nodePosition);
  const step = offset.x === 0 && offset.y === 0 ? DUPLICATE_OFFSET : offset;
  const clashes = (by: Position) =>
    spots.some((s) =>
      taken.some((t) => Math.abs(s.x + by.x - t.x) < SAME_SPOT && Math.abs(s.y + by.y - t.y) < SAME_SPOT),
    );
  let by = offset;
  // Bounded: each step moves every copy by at least SAME_SPOT, so after as many steps as there are nodes (plus
  // one) some position along the way must be clear.
  for (let i = 0; i <= taken.length && clashes(by); i++) by = { x: by.x + step.x, y: by.y + step.y };
  return by;
}

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
 * Adds a copy of `fragment`, every node shifted by `offset` (or a multiple of it, see freeOffset), with fresh ids for
 * nodes and edges. Edges whose ends were not both pasted are dropped, so the result never has an edge to a missing
 * node. Selects what it pasted.
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
  let unplaced = 0;
  const spots = sources.map((node) => (isPlaced(node) ? nodePosition(node) : { x: UNPLACED_STEP * unplaced++, y: 0 }));
  const by = freeOffset(doc, spots, offset);
  const nodes = sources.map((node, i) => {
    const at = spots[i] as Position;
    const copy = remapGoto({ ...node, id: renamed.get(node.id) ?? node.id }, renamed);
    return withPosition(copy, { x: at.x + by.x, y: at.y + by.y });
  });
  const edges: FlowEdge[] = [];
  for (const edge of fragment.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = freshEdgeId(takenEdges);
    takenEdges.add(id);
    // Both ends moved by the same shift, so the original's route, shifted too, still fits the copy.
    const route = edgeRoute(edge);
    const copy = { ...edge, id, source, target };
    edges.push(route ? withRoute(copy, shiftRoute(route, by)) : copy);
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
