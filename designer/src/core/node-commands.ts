/**
 * Node and flow commands: add, remove, move and change nodes, change the flow's own fields, replace the whole
 * document. Each is a pure `(doc, args) -> CommandResult`; history.ts records them for undo.
 */
import { type FlowDefinition, type FlowNode, type NodeType, nodeTypeInfo } from "@mfo/schemas";
import { type CommandResult, done, refuse } from "./command-result.js";
import {
  applyPatch,
  findNode,
  mapEdges,
  mapNodes,
  type NodePatch,
  nodeIds,
  type Patch,
  type Position,
  withPosition,
} from "./document.js";
import { freshNodeId } from "./ids.js";

/**
 * The fields a new node of each type starts with, chosen so the node is as close to valid as it can be before
 * the user fills it in (an empty subflow `flowType` is left for the user, and validation points at it).
 */
const nodeDefaults: Record<NodeType, Record<string, unknown>> = {
  start: {},
  phase: { handler: "noop" },
  decision: {},
  parallel: {},
  join: {},
  wait: { delayMs: 1000 },
  approval: {},
  subflow: { flowType: "" },
  end: { outcome: "completed" },
};

/**
 * Adds a node of `nodeType` at `position`, with a fresh id named after its type (`phase-3`) and that type's
 * defaults, overridden by `fields`. Refuses an unknown type and a second start.
 */
export function addNode(
  doc: FlowDefinition,
  { nodeType, position, fields = {} }: { nodeType: NodeType; position: Position; fields?: NodePatch },
): CommandResult {
  if (nodeTypeInfo(nodeType) === undefined) return refuse(doc, `"${String(nodeType)}" is not a node type`);
  const start = doc.nodes.find((n) => n.type === "start");
  if (nodeType === "start" && start) return refuse(doc, `the flow already has its start node ("${start.id}")`);
  const id = freshNodeId(nodeType, nodeIds(doc));
  const node = applyPatch({ id, type: nodeType, ...nodeDefaults[nodeType] } as FlowNode, fields);
  const placed = withPosition({ ...node, id, type: nodeType } as FlowNode, position);
  return done({ ...doc, nodes: [...doc.nodes, placed] }, [id]);
}

/** Removes the nodes with these ids and every edge that touches them; unknown ids are ignored. */
export function removeNodes(doc: FlowDefinition, { ids }: { ids: readonly string[] }): CommandResult {
  const remove = new Set(ids);
  const nodes = doc.nodes.filter((n) => !remove.has(n.id));
  if (nodes.length === doc.nodes.length) return done(doc);
  const edges = doc.edges.filter((e) => !remove.has(e.source) && !remove.has(e.target));
  return done({ ...doc, nodes, edges });
}

/**
 * Moves nodes to new positions (by id), keeping any other `ui` fields. Nodes already at their position are left
 * as they are, so a move that moves nothing changes nothing.
 */
export function moveNodes(
  doc: FlowDefinition,
  { positions }: { positions: Readonly<Record<string, Position>> },
): CommandResult {
  return done(
    mapNodes(doc, (node) => {
      const position = Object.hasOwn(positions, node.id) ? positions[node.id] : undefined;
      return position ? withPosition(node, position) : node;
    }),
  );
}

/** The node id an `onError` value jumps to, if it is a `{ goto }` (drafts from the JSON view may hold anything). */
function gotoOf(onError: unknown): string | undefined {
  if (typeof onError !== "object" || onError === null) return undefined;
  const target = (onError as { goto?: unknown }).goto;
  return typeof target === "string" ? target : undefined;
}

/** The document with every reference to node `from` (edge ends, `onError.goto`) pointing at `to` instead. */
function renameReferences(doc: FlowDefinition, from: string, to: string): FlowDefinition {
  const withEdges = mapEdges(doc, (edge) =>
    edge.source === from || edge.target === from
      ? { ...edge, source: edge.source === from ? to : edge.source, target: edge.target === from ? to : edge.target }
      : edge,
  );
  const withGotos = mapNodes(withEdges, (node) =>
    node.type === "phase" && gotoOf(node.onError) === from ? { ...node, onError: { goto: to } } : node,
  );
  const settings = withGotos.settings;
  if (gotoOf(settings?.onError) !== from) return withGotos;
  return { ...withGotos, settings: { ...settings, onError: { goto: to } } };
}

/**
 * Why node `id` cannot be renamed to `to` (empty, or another node's id), or undefined when it can. The inspector's
 * Id field asks this while the user types, before it commits the rename.
 */
export function renameRefusal(doc: FlowDefinition, id: string, to: unknown): string | undefined {
  if (typeof to !== "string" || to === "") return "a node id can't be empty";
  if (to !== id && findNode(doc, to)) return `node id "${to}" is already used`;
  return undefined;
}

/**
 * Changes one node's fields (an `undefined` value removes a field). Renaming it (a new `id`) also renames every
 * edge end and `onError.goto` that referred to it; a rename to an id another node has is refused.
 */
export function updateNode(doc: FlowDefinition, { id, patch }: { id: string; patch: NodePatch }): CommandResult {
  const node = findNode(doc, id);
  if (node === undefined) return refuse(doc, `there is no node "${id}"`);
  const next = applyPatch(node, patch);
  if (next === node) return done(doc);
  const refusal = renameRefusal(doc, id, next.id);
  if (refusal !== undefined) return refuse(doc, refusal);
  const updated = { ...doc, nodes: doc.nodes.map((n) => (n === node ? next : n)) };
  return done(next.id === id ? updated : renameReferences(updated, id, next.id), [next.id]);
}

/** The flow-level fields updateFlow may change. */
export type FlowPatch = Patch<Pick<FlowDefinition, "id" | "name" | "description" | "input" | "settings">>;

const flowKeys = ["id", "name", "description", "input", "settings"] as const;
/** Fields every flow has: a patch can change them but not remove them. */
const requiredFlowKeys = new Set<string>(["id", "name"]);

/** Changes the flow's own fields: id, name, description, input schema, settings. Other keys are ignored. */
export function updateFlow(doc: FlowDefinition, { patch }: { patch: FlowPatch }): CommandResult {
  const picked: Record<string, unknown> = {};
  for (const key of flowKeys) {
    if (!Object.hasOwn(patch, key)) continue;
    if (patch[key] === undefined && requiredFlowKeys.has(key)) continue;
    picked[key] = patch[key];
  }
  return done(applyPatch(doc, picked));
}

/**
 * Replaces the whole document (an edit in the JSON view, an import, an auto layout), as one undoable step. The
 * document is taken as it is: validation, not this command, reports what is wrong with it.
 */
export function replaceDocument(_doc: FlowDefinition, { doc }: { doc: FlowDefinition }): CommandResult {
  return done(doc);
}
