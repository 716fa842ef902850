/**
 * Edge commands: connect two nodes, change an edge, remove edges. Connections the format can never accept (into a
 * start, out of an end, a node to itself, a second edge between the same two nodes) are refused up front with a
 * reason, rather than drawn and then reported as errors; `connectionRefusal` lets the canvas grey them out while
 * the user drags.
 */
import { type FlowDefinition, type FlowEdge, nodeTypeInfo } from "@mfo/schemas";
import { type CommandResult, done, refuse } from "./command-result.js";
import { applyPatch, edgeIds, findEdge, findNode, outgoingEdges, type Patch } from "./document.js";
import { freshEdgeId } from "./ids.js";

/** Fields a new edge may carry besides its ends. */
export type EdgeFields = Patch<Omit<FlowEdge, "id" | "source" | "target">>;

/** Changes to an edge; an `undefined` value removes the field. Changing `source`/`target` reconnects it. */
export type EdgePatch = Patch<FlowEdge>;

/**
 * Why an edge from `source` to `target` can't be drawn, or undefined when it can. `ignoreEdge` is the id of an
 * edge being reconnected, which does not count as a duplicate of itself.
 */
export function connectionRefusal(
  doc: FlowDefinition,
  source: string,
  target: string,
  ignoreEdge?: string,
): string | undefined {
  const from = findNode(doc, source);
  const to = findNode(doc, target);
  if (from === undefined) return `there is no node "${source}" to connect from`;
  if (to === undefined) return `there is no node "${target}" to connect to`;
  if (source === target) return `a node can't connect to itself; loop back through a decision`;
  if (nodeTypeInfo(from.type)?.outgoing === "none")
    return `end node "${source}" finishes the flow: it takes no outgoing edges`;
  if (nodeTypeInfo(to.type)?.incoming === false) return `start node "${target}" takes no incoming edges`;
  const existing = doc.edges.find((e) => e.source === source && e.target === target && e.id !== ignoreEdge);
  if (existing) return `"${source}" is already connected to "${target}" (edge ${existing.id})`;
  return undefined;
}

/**
 * The branch fields a new edge out of `source` needs: a decision's first edge becomes its default and later ones
 * get an empty condition for the user to fill in; an approval's edges take `approve`, then `reject`; a wait for an
 * event with a timeout takes `event`, then `timeout`. Returns a string when the source can take no further edge.
 */
function branchFields(doc: FlowDefinition, source: string): Partial<FlowEdge> | string {
  const type = findNode(doc, source)?.type;
  const leaving = outgoingEdges(doc, source);
  if (type === "decision") return leaving.some((e) => e.default === true) ? { condition: "" } : { default: true };
  if (type === "approval") {
    const taken = new Set(leaving.map((e) => e.on));
    if (!taken.has("approve")) return { on: "approve" };
    if (!taken.has("reject")) return { on: "reject" };
    return `approval "${source}" already has an approve and a reject edge`;
  }
  const node = findNode(doc, source);
  if (node?.type === "wait" && node.event?.timeoutMs !== undefined) {
    const taken = new Set(leaving.map((e) => e.on));
    if (!taken.has("event")) return { on: "event" };
    if (!taken.has("timeout")) return { on: "timeout" };
  }
  return {};
}

const branchKeys = ["condition", "default", "on"] as const;

/**
 * Connects `source` to `target` with a fresh edge id, filling in branch fields (see branchFields) unless `fields`
 * sets one of them. Refused, with a reason, when connectionRefusal objects.
 */
export function connect(
  doc: FlowDefinition,
  { source, target, fields = {} }: { source: string; target: string; fields?: EdgeFields },
): CommandResult {
  const refusal = connectionRefusal(doc, source, target);
  if (refusal) return refuse(doc, refusal);
  const givesBranch = branchKeys.some((key) => fields[key] !== undefined);
  const branch = givesBranch ? {} : branchFields(doc, source);
  if (typeof branch === "string") return refuse(doc, branch);
  const id = freshEdgeId(edgeIds(doc));
  const edge = applyPatch<FlowEdge>({ id, source, target, ...branch }, fields);
  return done({ ...doc, edges: [...doc.edges, edge] }, [], [id]);
}

/** Removes the edges with these ids; unknown ids are ignored. */
export function removeEdges(doc: FlowDefinition, { ids }: { ids: readonly string[] }): CommandResult {
  const remove = new Set(ids);
  const edges = doc.edges.filter((e) => !remove.has(e.id));
  return done(edges.length === doc.edges.length ? doc : { ...doc, edges });
}

/**
 * Changes one edge. A new `id` must be free; new ends must pass connectionRefusal (reconnecting an edge is
 * refused exactly where drawing it would be).
 */
export function updateEdge(doc: FlowDefinition, { id, patch }: { id: string; patch: EdgePatch }): CommandResult {
  const edge = findEdge(doc, id);
  if (edge === undefined) return refuse(doc, `there is no edge "${id}"`);
  const next = applyPatch(edge, patch);
  if (next === edge) return done(doc);
  if (typeof next.id !== "string" || next.id === "") return refuse(doc, "an edge id can't be empty");
  if (next.id !== id && findEdge(doc, next.id)) return refuse(doc, `edge id "${next.id}" is already used`);
  if (next.source !== edge.source || next.target !== edge.target) {
    const refusal = connectionRefusal(doc, next.source, next.target, id);
    if (refusal) return refuse(doc, refusal);
  }
  const edges = doc.edges.map((e) => (e === edge ? next : e));
  return done({ ...doc, edges }, [], [next.id]);
}
