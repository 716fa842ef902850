/**
 * Placing nodes that have no position yet (a flow written by hand or by another tool, an imported file, a JSON
 * edit) without touching the ones that have: the unplaced nodes are laid out on their own, as a block beside the
 * placed ones, so they never pile up on one point and nothing the person arranged moves.
 */
import type { FlowDefinition, FlowNode } from "@mfo/schemas";
import type { Command } from "./commands.js";
import type { Position } from "./document.js";
import { shiftRoute } from "./edge-route.js";
import { applyLayout, computeLayout, DEFAULT_NODE_SIZE, type Layout, type LayoutOptions } from "./layout.js";

/** The gap between the placed nodes and a block of newly placed ones. */
export const PLACEMENT_GAP = 120;

/** Whether the node has a numeric `ui.x` and `ui.y`. */
export function isPlaced(node: FlowNode): boolean {
  return Number.isFinite(node.ui?.x) && Number.isFinite(node.ui?.y);
}

/** The box around the placed nodes (each assumed DEFAULT_NODE_SIZE), or undefined when none is placed. */
function placedBounds(nodes: readonly FlowNode[]): { right: number; top: number } | undefined {
  let right = Number.NEGATIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  for (const node of nodes) {
    if (!isPlaced(node)) continue;
    right = Math.max(right, (node.ui?.x as number) + DEFAULT_NODE_SIZE.width);
    top = Math.min(top, node.ui?.y as number);
  }
  return Number.isFinite(right) ? { right, top } : undefined;
}

/** The layout shifted by `by`, routes included. */
function shifted(layout: Layout, by: Position): Layout {
  const positions = Object.create(null) as Layout["positions"];
  for (const [id, p] of Object.entries(layout.positions)) positions[id] = { x: p.x + by.x, y: p.y + by.y };
  const routes = Object.create(null) as Layout["routes"];
  for (const [id, r] of Object.entries(layout.routes)) routes[id] = shiftRoute(r, by);
  return { positions, routes };
}

/**
 * A layout of just the nodes of `doc` that have no position (and the edges between them), as a block whose top-left
 * corner sits right of the placed nodes, level with the topmost; at the origin when no node is placed. Empty when
 * every node is placed.
 */
export async function layoutUnplaced(doc: FlowDefinition, options: LayoutOptions = {}): Promise<Layout> {
  const unplaced = doc.nodes.filter((n) => !isPlaced(n));
  if (unplaced.length === 0) return { positions: {}, routes: {} };
  const ids = new Set(unplaced.map((n) => n.id));
  const part: FlowDefinition = {
    ...doc,
    nodes: unplaced,
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
  const layout = await computeLayout(part, options);
  const bounds = placedBounds(doc.nodes);
  if (bounds === undefined) return layout;
  const corner = { x: Number.POSITIVE_INFINITY, y: Number.POSITIVE_INFINITY };
  for (const p of Object.values(layout.positions)) {
    corner.x = Math.min(corner.x, p.x);
    corner.y = Math.min(corner.y, p.y);
  }
  return shifted(layout, { x: bounds.right + PLACEMENT_GAP - corner.x, y: bounds.top - corner.y });
}

/**
 * `doc` as the canvas can show it: the same document when every node has a position, else with the nodes lacking
 * one placed by layoutUnplaced (a flow with no positions at all gets a whole layout). The editor and the run view
 * open flows through it, and the editor passes imported documents through it.
 */
export async function positioned(doc: FlowDefinition, options: LayoutOptions = {}): Promise<FlowDefinition> {
  if (!Array.isArray(doc.nodes) || doc.nodes.every(isPlaced)) return doc;
  return applyLayout(doc, await layoutUnplaced(doc, options)).doc;
}

/** Whether the command can bring nodes without a position: a document (imported or edited as JSON) lacking some. */
export function needsPlacement(command: Command): boolean {
  return command.kind === "replaceDocument" && Array.isArray(command.doc.nodes) && !command.doc.nodes.every(isPlaced);
}

/** The command with the nodes it brings placed by `positioned` (the command itself when needsPlacement is false). */
export async function placeCommand(command: Command): Promise<Command> {
  if (command.kind !== "replaceDocument" || !needsPlacement(command)) return command;
  return { kind: "replaceDocument", doc: await positioned(command.doc) };
}
