/**
 * A forgiving view of a definition for the graph rules. It is built from whatever the document holds, even
 * when the schema already failed, so one broken node does not hide the graph errors elsewhere: nodes without a
 * string id and edges that are not objects are left out (the schema reports them).
 */
import type { CatalogueIndex } from "../catalogue/catalogue.js";
import type { ValidationError } from "../generated/types.js";
import { type NodeTypeInfo, nodeTypeInfo } from "../node-types/node-types.js";
import type { SubflowCatalogue } from "./rules/subflow-cycles.js";

export type JsonObject = Record<string, unknown>;

export interface GraphNode {
  index: number;
  id: string;
  /** The registry entry; undefined for an unknown type. */
  info: NodeTypeInfo | undefined;
  value: JsonObject;
  path: string;
}

export interface GraphEdge {
  index: number;
  id: string | undefined;
  source: string | undefined;
  target: string | undefined;
  value: JsonObject;
  path: string;
}

export interface FlowGraph {
  document: JsonObject;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The first node of each id. */
  byId: ReadonlyMap<string, GraphNode>;
  /** Edges by source node id, for edges whose source and target both exist. */
  outgoing: ReadonlyMap<string, GraphEdge[]>;
  /** Edges by target node id, for edges whose source and target both exist. */
  incoming: ReadonlyMap<string, GraphEdge[]>;
  /** Every edge whose source exists, by source id (whatever its target). */
  leaving: ReadonlyMap<string, GraphEdge[]>;
}

export interface RuleContext {
  graph: FlowGraph;
  catalogue: CatalogueIndex;
  /** Where other flow types' subflows lead; undefined: subflow cycles are not checked. */
  subflows?: SubflowCatalogue | undefined;
  /** The tenant's secret names; undefined: whether a secret exists is not checked. */
  secrets?: ReadonlySet<string> | undefined;
  report(error: ValidationError): void;
}

export type Rule = (context: RuleContext) => void;

export const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export function buildGraph(document: JsonObject): FlowGraph {
  const nodes: GraphNode[] = [];
  const byId = new Map<string, GraphNode>();
  const rawNodes = Array.isArray(document.nodes) ? document.nodes : [];
  rawNodes.forEach((value, index) => {
    if (!isObject(value) || typeof value.id !== "string") return;
    const node: GraphNode = {
      index,
      id: value.id,
      info: nodeTypeInfo(value.type),
      value,
      path: `/nodes/${index}`,
    };
    nodes.push(node);
    if (!byId.has(node.id)) byId.set(node.id, node);
  });
  const edges: GraphEdge[] = [];
  const outgoing = new Map<string, GraphEdge[]>();
  const incoming = new Map<string, GraphEdge[]>();
  const leaving = new Map<string, GraphEdge[]>();
  const rawEdges = Array.isArray(document.edges) ? document.edges : [];
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  rawEdges.forEach((value, index) => {
    if (!isObject(value)) return;
    const edge: GraphEdge = {
      index,
      id: text(value.id),
      source: text(value.source),
      target: text(value.target),
      value,
      path: `/edges/${index}`,
    };
    edges.push(edge);
    const sourceKnown = edge.source !== undefined && byId.has(edge.source);
    if (sourceKnown) push(leaving, edge.source as string, edge);
    if (sourceKnown && edge.target !== undefined && byId.has(edge.target)) {
      push(outgoing, edge.source as string, edge);
      push(incoming, edge.target, edge);
    }
  });
  return { document, nodes, edges, byId, outgoing, incoming, leaving };
}

/** The `onError.goto` target of a phase, when it names one. */
export function gotoTarget(node: GraphNode): string | undefined {
  const onError = node.value.onError;
  return isObject(onError) && typeof onError.goto === "string" ? onError.goto : undefined;
}

/** Node ids an instance can move to from a node: its edges' targets, plus its error path. */
export function successors(graph: FlowGraph, node: GraphNode): string[] {
  const next = (graph.outgoing.get(node.id) ?? []).map((e) => e.target as string);
  const target = node.value.onError === undefined ? flowGoto(graph) : gotoTarget(node);
  if (target !== undefined && node.info?.type === "phase" && graph.byId.has(target)) next.push(target);
  return next;
}

/** The flow-wide `settings.onError.goto`, which every phase without its own onError inherits. */
function flowGoto(graph: FlowGraph): string | undefined {
  const settings = graph.document.settings;
  if (!isObject(settings) || !isObject(settings.onError)) return undefined;
  return typeof settings.onError.goto === "string" ? settings.onError.goto : undefined;
}
