/**
 * The document as @xyflow/react draws it, and back. React Flow wants `{ id, type, position, data }` nodes and
 * `{ id, source, target, label, data }` edges; each carries its flow node or edge untouched in `data`, so going
 * back (`fromGraph`) loses nothing, not even unknown `ui` fields, and only writes a position that really moved.
 * The shapes are declared here structurally (no React import) and are assignable to React Flow's Node and Edge.
 */
import type { FlowDefinition, FlowEdge, FlowNode, ValidationError } from "@mfo/schemas";
import { nodePosition, type Position, withPosition } from "./document.js";
import { groupErrors } from "./problems.js";

/** What a canvas node carries: the flow node, its label and its validation errors (for the badge). */
export type FlowNodeData = {
  node: FlowNode;
  label: string;
  errors: readonly ValidationError[];
};

/** What a canvas edge carries: the flow edge and its validation errors. */
export type FlowEdgeData = {
  edge: FlowEdge;
  errors: readonly ValidationError[];
};

/** A React Flow node; `type` is the flow node's type, which picks the node component. */
export type GraphNode = {
  id: string;
  type: string;
  position: Position;
  data: FlowNodeData;
};

/** The canvas's edge type: drawn along its auto-layout route while that fits, else as a plain step path. */
export const ROUTED_EDGE = "routed";

/** A React Flow edge; `type` picks the edge component. */
export type GraphEdge = {
  id: string;
  type: string;
  source: string;
  target: string;
  label?: string;
  data: FlowEdgeData;
};

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface ToGraphOptions {
  /** validateFlow's errors for this document, shown on the nodes and edges they name. */
  errors?: readonly ValidationError[];
  /**
   * The graph of the previous document: its nodes and edges are reused, as the very same objects, wherever the
   * flow node or edge and its errors are unchanged. A drag changes one node per mouse move; reusing the rest lets
   * React Flow and the memoized node views skip the other 999.
   */
  previous?: Graph;
}

const none: readonly ValidationError[] = Object.freeze([]);

/** The text on an edge: its own label, else its condition, `default`, or approval decision. */
export function edgeLabel(edge: FlowEdge): string | undefined {
  if (edge.label !== undefined && edge.label !== "") return edge.label;
  if (edge.condition !== undefined) return edge.condition === "" ? "(condition?)" : edge.condition;
  if (edge.default === true) return "default";
  return edge.on;
}

/** The text on a node: its label, else its id. */
export function nodeLabel(node: FlowNode): string {
  return typeof node.label === "string" && node.label !== "" ? node.label : node.id;
}

/** Whether two lists hold the same errors (groupErrors builds new lists on every call). */
function sameErrors(a: readonly ValidationError[], b: readonly ValidationError[]): boolean {
  return a === b || (a.length === b.length && a.every((e, i) => e === b[i]));
}

/** The document as React Flow nodes and edges, each with its validation errors when `errors` is given. */
export function toGraph(doc: FlowDefinition, options: ToGraphOptions = {}): Graph {
  const { byNode, byEdge } = groupErrors(options.errors ?? []);
  const nodes = doc.nodes.map((node, i): GraphNode => {
    const errors = byNode.get(node.id) ?? none;
    // A move keeps the order of the nodes: the previous graph's node at the same index is the one to compare.
    const before = options.previous?.nodes[i];
    if (before && before.data.node === node && sameErrors(before.data.errors, errors)) return before;
    return {
      id: node.id,
      type: node.type,
      position: nodePosition(node),
      data: { node, label: nodeLabel(node), errors },
    };
  });
  const edges = doc.edges.map((edge, i): GraphEdge => {
    const before = options.previous?.edges[i];
    if (before && before.data.edge === edge && sameErrors(before.data.errors, byEdge.get(edge.id) ?? none))
      return before;
    const label = edgeLabel(edge);
    return {
      id: edge.id,
      type: ROUTED_EDGE,
      source: edge.source,
      target: edge.target,
      ...(label === undefined ? {} : { label }),
      data: { edge, errors: byEdge.get(edge.id) ?? none },
    };
  });
  return { nodes: unchanged(nodes, options.previous?.nodes), edges: unchanged(edges, options.previous?.edges) };
}

/** The previous list itself when every item was reused, so a canvas that compares lists sees no change at all. */
function unchanged<T>(items: T[], previous: T[] | undefined): T[] {
  return previous && previous.length === items.length && items.every((item, i) => item === previous[i])
    ? previous
    : items;
}

/** A node as fromGraph needs it: React Flow's node, or anything with its position and flow node. */
export type GraphNodeLike = { id: string; position: Position; data: { node: FlowNode } };

/** An edge as fromGraph needs it. */
export type GraphEdgeLike = { id: string; source: string; target: string; data: { edge: FlowEdge } };

/** `ui.x`/`ui.y` change only when the drawn position differs from the stored one (a missing ui counts as 0, 0). */
function placed(node: FlowNode, position: Position): FlowNode {
  const at = nodePosition(node);
  return at.x === position.x && at.y === position.y ? node : withPosition(node, position);
}

/**
 * The document that a graph (from toGraph, perhaps moved or reconnected on the canvas) stands for: `doc`'s flow
 * fields with the graph's nodes and edges, in the graph's order. Untouched nodes and edges come back as the very
 * same objects, so `fromGraph(doc, toGraph(doc))` equals `doc`.
 */
export function fromGraph(
  doc: FlowDefinition,
  graph: { nodes: readonly GraphNodeLike[]; edges: readonly GraphEdgeLike[] },
): FlowDefinition {
  const nodes = graph.nodes.map((n) => {
    const node = n.data.node.id === n.id ? n.data.node : { ...n.data.node, id: n.id };
    return placed(node, n.position);
  });
  const edges = graph.edges.map((e) => {
    const edge = e.data.edge;
    return edge.id === e.id && edge.source === e.source && edge.target === e.target
      ? edge
      : { ...edge, id: e.id, source: e.source, target: e.target };
  });
  return { ...doc, nodes, edges };
}

/** A React Flow node change (NodeChange), as far as moves need it; only `type: "position"` ones are read. */
export type NodeChangeLike = { type: string; id?: string; position?: Position; dragging?: boolean };

/** The moves in a batch of React Flow node changes. */
export interface Moves {
  /** New position by node id, for a `moveNodes` command; empty when the changes hold no move. */
  positions: Record<string, Position>;
  /** True when a drag ended in these changes: the editor should `seal` the history after applying them. */
  dragEnded: boolean;
}

/**
 * Picks the position changes out of React Flow's `onNodesChange` changes (other kinds, such as selection or
 * dimensions, are the canvas's own state and are not part of the document).
 */
export function movesFromChanges(changes: readonly NodeChangeLike[]): Moves {
  // No prototype: a draft's node id could be "__proto__".
  const positions = Object.create(null) as Record<string, Position>;
  let dragEnded = false;
  for (const change of changes) {
    if (change.type !== "position" || change.id === undefined) continue;
    if (change.position) positions[change.id] = { x: change.position.x, y: change.position.y };
    if (change.dragging === false) dragEnded = true;
  }
  return { positions, dragEnded };
}
