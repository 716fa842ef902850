/**
 * Auto layout with elkjs: the layered algorithm, left to right, so a flow reads from its start on the left to
 * its ends on the right with branches stacked between. Positions go into each node's `ui.x`/`ui.y`; every other
 * field, `ui` ones included, is kept. Drafts are laid out too: edges to missing nodes are left out of the layout.
 */
import type { FlowDefinition } from "@mfo/schemas";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import { type Position, withPosition } from "./document.js";

/** A node's box on the canvas. */
export interface NodeSize {
  width: number;
  height: number;
}

/** The box assumed for a node whose size the canvas has not measured. */
export const DEFAULT_NODE_SIZE: NodeSize = { width: 180, height: 60 };

export interface LayoutOptions {
  /** Measured sizes by node id (React Flow's `node.measured`); others get `defaultSize`. */
  sizes?: Readonly<Record<string, NodeSize>>;
  defaultSize?: NodeSize;
  /** Gap between nodes in the same column. */
  nodeSpacing?: number;
  /** Gap between columns, which leaves room for edge labels. */
  layerSpacing?: number;
}

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Where ELK's layered algorithm puts every node, by id: left to right, the start in the first column, branches
 * stacked, edge order kept so branches stay in document order. Positions are whole numbers (top-left corners, as
 * React Flow places nodes). The editor can apply them as one `moveNodes` command, which cannot undo edits made
 * while the layout ran, as replacing the whole document would.
 */
export async function layoutPositions(
  doc: FlowDefinition,
  options: LayoutOptions = {},
): Promise<Record<string, Position>> {
  const size = options.defaultSize ?? DEFAULT_NODE_SIZE;
  // ELK needs unique ids; a draft may repeat one, so ELK sees index-based ids and the first node of an id wins.
  const index = new Map<string, number>();
  doc.nodes.forEach((node, i) => {
    if (!index.has(node.id)) index.set(node.id, i);
  });
  const children: ElkNode[] = [];
  for (const [id, i] of index) {
    const node = doc.nodes[i];
    const measured = options.sizes && Object.hasOwn(options.sizes, id) ? options.sizes[id] : undefined;
    children.push({
      id: `n${i}`,
      width: measured?.width ?? size.width,
      height: measured?.height ?? size.height,
      ...(node?.type === "start" ? { layoutOptions: { "elk.layered.layering.layerConstraint": "FIRST" } } : {}),
    });
  }
  const edges: ElkExtendedEdge[] = [];
  doc.edges.forEach((edge, i) => {
    const source = index.get(edge.source);
    const target = index.get(edge.target);
    if (source !== undefined && target !== undefined) {
      edges.push({ id: `e${i}`, sources: [`n${source}`], targets: [`n${target}`] });
    }
  });

  elk ??= new ELK();
  const laidOut = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": String(options.nodeSpacing ?? 40),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(options.layerSpacing ?? 80),
      "elk.spacing.componentComponent": "80",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
    },
    children,
    edges,
  });

  // No prototype: a draft's node id could be "__proto__".
  const positions = Object.create(null) as Record<string, Position>;
  for (const child of laidOut.children ?? []) {
    const node = doc.nodes[Number(child.id.slice(1))];
    if (node) positions[node.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  }
  return positions;
}

/** The document with every node placed by layoutPositions; every other field, `ui` ones included, is kept. */
export async function layoutFlow(doc: FlowDefinition, options: LayoutOptions = {}): Promise<FlowDefinition> {
  const positions = await layoutPositions(doc, options);
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      const position = Object.hasOwn(positions, node.id) ? positions[node.id] : undefined;
      return position ? withPosition(node, position) : node;
    }),
  };
}

/**
 * `doc` as the canvas can show it: unchanged when every node has a position, else laid out (flows written by hand or
 * by other tools may lack positions). The editor and the run view both open flows through it.
 */
export async function positioned(doc: FlowDefinition): Promise<FlowDefinition> {
  const placed = (n: FlowDefinition["nodes"][number]) => typeof n.ui?.x === "number" && typeof n.ui?.y === "number";
  return Array.isArray(doc.nodes) && doc.nodes.every(placed) ? doc : layoutFlow(doc);
}
