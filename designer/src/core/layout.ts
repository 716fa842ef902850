/**
 * Auto layout with elkjs: the layered algorithm, left to right, so a flow reads from its start on the left to its
 * ends on the right with branches stacked between. Edges are routed orthogonally between fixed ports (in on the
 * left, out on the right, where the canvas draws its handles), and each edge label is laid out as a box of its own
 * so no line or node runs through it. A long flow wraps into rows instead of one endless row. The result is node
 * positions (`ui.x`/`ui.y`) and one route per edge (`ui.route`); every other field, `ui` ones included, is kept.
 * Drafts are laid out too: edges to missing nodes are left out.
 */
import type { FlowDefinition, FlowNode } from "@mfo/schemas";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api.js";
import { type CommandResult, done } from "./command-result.js";
import { mapEdges, mapNodes, type Position, withPosition } from "./document.js";
import { type EdgeRoute, withRoute } from "./edge-route.js";
import { estimateLayers } from "./layers.js";
import { edgeLabel } from "./to-graph.js";

/** A node's box on the canvas. */
export interface NodeSize {
  width: number;
  height: number;
}

/** The box assumed for a node whose size the canvas has not measured. */
export const DEFAULT_NODE_SIZE: NodeSize = { width: 180, height: 60 };

/** A flow with more layers than this wraps into rows, so Fit shows a block rather than a thin line. */
export const WRAP_AFTER_LAYERS = 12;

export interface LayoutOptions {
  /** Measured sizes by node id (React Flow's `node.measured`); others get `defaultSize`. */
  sizes?: Readonly<Record<string, NodeSize>>;
  defaultSize?: NodeSize;
  /** Gap between nodes in the same column. */
  nodeSpacing?: number;
  /** Gap between columns. */
  layerSpacing?: number;
}

/** What a layout computed: where each node goes and how each laid-out edge runs, by id. */
export interface Layout {
  positions: Record<string, Position>;
  routes: Record<string, EdgeRoute>;
}

/** The box an edge label needs: about 7 px per character of the canvas's 12 px label font, capped. */
export function labelSize(text: string): NodeSize {
  return { width: Math.min(220, 7 * text.length + 14), height: 22 };
}

/** An ELK node with one fixed port on each side at mid-height: in on the left, out on the right. */
function box(id: string, size: NodeSize, layoutOptions: Record<string, string> = {}): ElkNode {
  const side = (name: string, x: number, portSide: string) => ({
    id: `${id}:${name}`,
    x,
    y: size.height / 2,
    width: 0,
    height: 0,
    layoutOptions: { "elk.port.side": portSide },
  });
  return {
    id,
    ...size,
    layoutOptions: { "elk.portConstraints": "FIXED_POS", ...layoutOptions },
    ports: [side("in", 0, "WEST"), side("out", size.width, "EAST")],
  };
}

const round = (p: ElkPoint): Position => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** The points of ELK's routed edge (one section for an edge between two nodes of the same graph). */
function sectionPoints(edge: ElkExtendedEdge | undefined): Position[] {
  const section = edge?.sections?.[0];
  if (!section) return [];
  return [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(round);
}

/** What runs ELK: elkjs's API, whether on this thread (the bundled build) or in a Web Worker. */
export type LayoutEngine = Pick<InstanceType<typeof ELK>, "layout">;

let createEngine: () => LayoutEngine = () => new ELK();
let engine: LayoutEngine | undefined;

/**
 * Makes auto layout run on an engine from `create`: the designer's entry passes one backed by a Web Worker, so a
 * layout of a large flow does not freeze the page. Tests and stories keep the default, ELK on the calling thread.
 */
export function setLayoutEngine(create: () => LayoutEngine): void {
  createEngine = create;
  engine = undefined;
}

/** ELK's layout of `graph` on the configured engine; should that engine fail (a worker that cannot start), on this thread. */
async function runElk(graph: ElkNode): Promise<ElkNode> {
  engine ??= createEngine();
  try {
    return await engine.layout(graph);
  } catch (error) {
    if (engine instanceof ELK) throw error;
    engine = new ELK();
    return engine.layout(graph);
  }
}

/**
 * Where ELK's layered algorithm puts every node and how it routes every edge, by id. Positions are whole numbers
 * (top-left corners, as React Flow places nodes); routes start at the source's right-hand handle and end at the
 * target's left-hand one. Measured as `mfo:layout` so DevTools and the designer benchmark can read its cost.
 */
export async function computeLayout(doc: FlowDefinition, options: LayoutOptions = {}): Promise<Layout> {
  const started = performance.now();
  const size = options.defaultSize ?? DEFAULT_NODE_SIZE;
  // ELK needs unique ids; a draft may repeat one, so ELK sees index-based ids and the first node of an id wins.
  const index = new Map<string, number>();
  doc.nodes.forEach((node, i) => {
    if (!index.has(node.id)) index.set(node.id, i);
  });
  const children: ElkNode[] = [];
  for (const [id, i] of index) {
    const measured = options.sizes && Object.hasOwn(options.sizes, id) ? options.sizes[id] : undefined;
    const first: Record<string, string> =
      doc.nodes[i]?.type === "start" ? { "elk.layered.layering.layerConstraint": "FIRST" } : {};
    children.push(box(`n${i}`, measured ?? size, first));
  }
  // A labelled edge runs through a box of the label's size (`l<i>`), so ELK keeps nodes and other edges off the
  // label. ELK's own edge labels would do the same, but combined with wrapping they leave some edges unrouted.
  const edges: ElkExtendedEdge[] = [];
  const laid: { id: string; elk: number; label: boolean }[] = [];
  doc.edges.forEach((edge, i) => {
    const source = index.get(edge.source);
    const target = index.get(edge.target);
    if (source === undefined || target === undefined) return;
    const text = edgeLabel(edge);
    const [from, to] = [`n${source}:out`, `n${target}:in`];
    if (text === undefined) {
      edges.push({ id: `e${i}`, sources: [from], targets: [to] });
    } else {
      children.push(box(`l${i}`, labelSize(text)));
      edges.push({ id: `e${i}`, sources: [from], targets: [`l${i}:in`] });
      edges.push({ id: `f${i}`, sources: [`l${i}:out`], targets: [to] });
    }
    laid.push({ id: edge.id, elk: i, label: text !== undefined });
  });
  const wrap = estimateLayers(doc) > WRAP_AFTER_LAYERS;

  const result = await runElk({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": String(options.nodeSpacing ?? 40),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(options.layerSpacing ?? 40),
      "elk.spacing.edgeNode": "20",
      "elk.spacing.componentComponent": "80",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      ...(wrap ? { "elk.layered.wrapping.strategy": "MULTI_EDGE", "elk.aspectRatio": "1.8" } : {}),
    },
    children,
    edges,
  });

  // No prototype: a draft's node or edge id could be "__proto__".
  const positions = Object.create(null) as Record<string, Position>;
  const boxes = new Map((result.children ?? []).map((c) => [c.id, c]));
  for (const [id, i] of index) {
    const child = boxes.get(`n${i}`);
    if (child) positions[id] = round({ x: child.x ?? 0, y: child.y ?? 0 });
  }
  const routed = new Map((result.edges ?? []).map((e) => [e.id, e]));
  const routes = Object.create(null) as Record<string, EdgeRoute>;
  for (const { id, elk: i, label } of laid) {
    const points = [...sectionPoints(routed.get(`e${i}`)), ...(label ? sectionPoints(routed.get(`f${i}`)) : [])];
    const labelBox = label ? boxes.get(`l${i}`) : undefined;
    if (points.length < 2 || Object.hasOwn(routes, id)) continue;
    routes[id] = labelBox
      ? {
          points,
          label: round({
            x: (labelBox.x ?? 0) + (labelBox.width ?? 0) / 2,
            y: (labelBox.y ?? 0) + (labelBox.height ?? 0) / 2,
          }),
        }
      : { points };
  }
  performance.measure("mfo:layout", { start: started, end: performance.now() });
  return { positions, routes };
}

/**
 * The command that applies a layout: nodes move to their positions and edges take their routes. Only `ui` changes,
 * so edits made while ELK ran are kept, as replacing the whole document would not. An edge the layout did not
 * route keeps its old route: the canvas draws a route only while it still fits its ends.
 */
export function applyLayout(doc: FlowDefinition, { positions, routes }: Layout): CommandResult {
  const moved = mapNodes(doc, (node: FlowNode) => {
    const at = Object.hasOwn(positions, node.id) ? positions[node.id] : undefined;
    return at ? withPosition(node, at) : node;
  });
  return done(
    mapEdges(moved, (edge) => {
      const route = Object.hasOwn(routes, edge.id) ? routes[edge.id] : undefined;
      return route === undefined ? edge : withRoute(edge, route);
    }),
  );
}

/** The document with every node placed and every edge routed by computeLayout; other fields are kept. */
export async function layoutFlow(doc: FlowDefinition, options: LayoutOptions = {}): Promise<FlowDefinition> {
  return applyLayout(doc, await computeLayout(doc, options)).doc;
}
