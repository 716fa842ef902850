/**
 * The document model: the editor's single source of truth is a FlowDefinition exactly as it is saved, with node
 * positions in `ui: { x, y }`. Everything here is a pure function that returns new objects and never changes its
 * inputs, so an undo history can keep earlier documents as they were and React can compare by reference.
 */
import type { FlowDefinition, FlowEdge, FlowNode } from "@mfo/schemas";

/** A point on the canvas, in flow coordinates (the top-left corner of a node). */
export interface Position {
  x: number;
  y: number;
}

/** Fields to change on an object: a key whose value is `undefined` is removed, any other key is set. */
export type Patch<T> = { readonly [K in keyof T]?: T[K] | undefined };

/** A node patch: any node field (the union's fields differ by type, so the patch is open). */
export type NodePatch = { readonly [key: string]: unknown };

/** The position a node is drawn at; a node without `ui` (or without x/y) sits at 0. */
export function nodePosition(node: FlowNode): Position {
  const x = node.ui?.x;
  const y = node.ui?.y;
  return { x: typeof x === "number" ? x : 0, y: typeof y === "number" ? y : 0 };
}

/** The node moved to `position`, keeping every other `ui` field; the same node when it is already there. */
export function withPosition<T extends FlowNode>(node: T, position: Position): T {
  if (node.ui?.x === position.x && node.ui?.y === position.y) return node;
  return { ...node, ui: { ...node.ui, x: position.x, y: position.y } };
}

/**
 * `value` with `patch` applied (see Patch); `value` itself when nothing changes. `__proto__` keys are ignored so a
 * patch built from parsed JSON can't reach a prototype.
 */
export function applyPatch<T extends object>(value: T, patch: { readonly [key: string]: unknown }): T {
  let result: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const [key, next] of Object.entries(patch)) {
    if (key === "__proto__") continue;
    const present = Object.hasOwn(source, key);
    if (next === undefined ? !present : present && source[key] === next) continue;
    result ??= { ...source };
    if (next === undefined) delete result[key];
    else result[key] = next;
  }
  return (result ?? value) as T;
}

/** The node with this id (the first, if a draft repeats an id). */
export function findNode(doc: FlowDefinition, id: string): FlowNode | undefined {
  return doc.nodes.find((n) => n.id === id);
}

/** The edge with this id (the first, if a draft repeats an id). */
export function findEdge(doc: FlowDefinition, id: string): FlowEdge | undefined {
  return doc.edges.find((e) => e.id === id);
}

/** The edges leaving a node, in document order. */
export function outgoingEdges(doc: FlowDefinition, nodeId: string): FlowEdge[] {
  return doc.edges.filter((e) => e.source === nodeId);
}

/** The edges arriving at a node, in document order. */
export function incomingEdges(doc: FlowDefinition, nodeId: string): FlowEdge[] {
  return doc.edges.filter((e) => e.target === nodeId);
}

/** Every node id of the document. */
export function nodeIds(doc: FlowDefinition): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

/** Every edge id of the document. */
export function edgeIds(doc: FlowDefinition): Set<string> {
  return new Set(doc.edges.map((e) => e.id));
}

/**
 * The document with `fn` applied to every node; the same document (and the same nodes array) when `fn` returns
 * every node unchanged, so a command that changes nothing makes no history entry.
 */
export function mapNodes(doc: FlowDefinition, fn: (node: FlowNode) => FlowNode): FlowDefinition {
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    const next = fn(node);
    if (next !== node) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

/** The document with `fn` applied to every edge; the same document when no edge changes. */
export function mapEdges(doc: FlowDefinition, fn: (edge: FlowEdge) => FlowEdge): FlowDefinition {
  let changed = false;
  const edges = doc.edges.map((edge) => {
    const next = fn(edge);
    if (next !== edge) changed = true;
    return next;
  });
  return changed ? { ...doc, edges } : doc;
}

/** Options of emptyFlow. */
export interface EmptyFlowOptions {
  id?: string;
  name?: string;
}

/** A new flow: a start joined to a completed end, which is already valid and gives the user a first edge. */
export function emptyFlow(options: EmptyFlowOptions = {}): FlowDefinition {
  return {
    id: options.id ?? "untitled",
    name: options.name ?? "Untitled flow",
    nodes: [
      { id: "start", type: "start", ui: { x: 0, y: 0 } },
      { id: "end", type: "end", outcome: "completed", ui: { x: 320, y: 0 } },
    ],
    edges: [{ id: "e1", source: "start", target: "end" }],
  };
}
