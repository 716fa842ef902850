/**
 * What auto layout must look like, checked geometrically on the drawn lines: no edge runs through a node that is not
 * one of its ends, no label sits on a node, and a long flow comes out as a block Fit can show, not one endless row.
 * An edge is drawn along its stored route when it has one, else straight from handle to handle.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FlowDefinition } from "@mfo/schemas";
import { generateFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { nodePosition, type Position } from "./document.js";
import { edgeRoute } from "./edge-route.js";
import { DEFAULT_NODE_SIZE, labelSize, layoutFlow } from "./layout.js";
import { edgeLabel } from "./to-graph.js";

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const boxOf = (doc: FlowDefinition, id: string): Box | undefined => {
  const node = doc.nodes.find((n) => n.id === id);
  return node ? { id, ...nodePosition(node), ...DEFAULT_NODE_SIZE } : undefined;
};

/** The polyline the canvas draws for each edge. */
function drawn(doc: FlowDefinition): { id: string; source: string; target: string; points: Position[] }[] {
  return doc.edges.flatMap((edge) => {
    const route = edgeRoute(edge);
    if (route) return [{ id: edge.id, source: edge.source, target: edge.target, points: route.points }];
    const from = boxOf(doc, edge.source);
    const to = boxOf(doc, edge.target);
    if (!from || !to) return [];
    const points = [
      { x: from.x + from.width, y: from.y + from.height / 2 },
      { x: to.x, y: to.y + to.height / 2 },
    ];
    return [{ id: edge.id, source: edge.source, target: edge.target, points }];
  });
}

/** Whether the segment a-b passes through the inside of `box` (touching its border does not count). */
function crosses(a: Position, b: Position, box: Box): boolean {
  const inset = 1;
  const [x0, x1, y0, y1] = [box.x + inset, box.x + box.width - inset, box.y + inset, box.y + box.height - inset];
  // Liang-Barsky clipping of the segment against the box: any part left inside means a crossing.
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

/** Every (edge, node) pair where the edge's drawn line runs through a node other than its ends. */
function crossings(doc: FlowDefinition): string[] {
  const boxes = doc.nodes.map((n) => boxOf(doc, n.id) as Box);
  const found: string[] = [];
  for (const edge of drawn(doc)) {
    for (let i = 0; i + 1 < edge.points.length; i++) {
      const [a, b] = [edge.points[i] as Position, edge.points[i + 1] as Position];
      for (const box of boxes) {
        if (box.id !== edge.source && box.id !== edge.target && crosses(a, b, box))
          found.push(`${edge.id} x ${box.id}`);
      }
    }
  }
  return found;
}

/** Every (edge, node) pair where the edge's label box, where the canvas draws it, overlaps a node. */
function labelsOnNodes(doc: FlowDefinition): string[] {
  const boxes = doc.nodes.map((n) => boxOf(doc, n.id) as Box);
  const found: string[] = [];
  for (const edge of doc.edges) {
    const text = edgeLabel(edge);
    const at = edgeRoute(edge)?.label;
    if (text === undefined) continue;
    if (at === undefined) {
      found.push(`${edge.id} has no label place`);
      continue;
    }
    const { width, height } = labelSize(text);
    const label = { x: at.x - width / 2, y: at.y - height / 2, width, height };
    for (const box of boxes) {
      const overlap =
        label.x < box.x + box.width &&
        box.x < label.x + label.width &&
        label.y < box.y + box.height &&
        box.y < label.y + label.height;
      if (overlap) found.push(`${edge.id} label on ${box.id}`);
    }
  }
  return found;
}

/** The bounding box of the nodes. */
function extent(doc: FlowDefinition): { width: number; height: number } {
  const xs = doc.nodes.map((n) => nodePosition(n).x);
  const ys = doc.nodes.map((n) => nodePosition(n).y);
  return {
    width: Math.max(...xs) - Math.min(...xs) + DEFAULT_NODE_SIZE.width,
    height: Math.max(...ys) - Math.min(...ys) + DEFAULT_NODE_SIZE.height,
  };
}

const templatesDir = fileURLToPath(new URL("../../../packs/migration/src/templates/", import.meta.url));
const templates = readdirSync(templatesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** A chain of `n` phases between a start and an end. */
function chain(n: number): FlowDefinition {
  const ids = ["start", ...Array.from({ length: n - 2 }, (_, i) => `step-${i + 1}`), "end"];
  return {
    id: "chain",
    name: "Chain",
    nodes: ids.map((id, i) =>
      i === 0
        ? { id, type: "start" as const }
        : i === ids.length - 1
          ? { id, type: "end" as const, outcome: "completed" as const }
          : { id, type: "phase" as const, handler: "noop" },
    ),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i + 1}`, source: ids[i] as string, target: id })),
  };
}

describe("auto layout geometry", () => {
  it("routes no edge of a generated 1,000-node flow through a node, and puts no label on a node", async () => {
    const doc = await layoutFlow(generateFlow({ nodes: 1000, seed: 7 }));
    expect(doc.edges.every((e) => edgeRoute(e) !== undefined)).toBe(true);
    expect(crossings(doc)).toEqual([]);
    expect(labelsOnNodes(doc)).toEqual([]);
  }, 120_000);

  it.each(templates)("routes no edge of the %s template through a node, and puts no label on a node", async (name) => {
    const file = readdirSync(`${templatesDir}${name}`).find((f) => f.endsWith(".json")) as string;
    const doc = await layoutFlow(JSON.parse(readFileSync(`${templatesDir}${name}/${file}`, "utf8")) as FlowDefinition);
    expect(crossings(doc)).toEqual([]);
    expect(labelsOnNodes(doc)).toEqual([]);
  });

  it("wraps a 250-node chain into a block that Fit can show, not one row", async () => {
    const doc = await layoutFlow(chain(250));
    const { width, height } = extent(doc);
    expect(width / height).toBeLessThan(4);
    expect(width / height).toBeGreaterThan(0.5);
    expect(crossings(doc)).toEqual([]);
    // Still readable in order: each row runs left to right, so most steps go right from the one before.
    const x = (id: string) => doc.nodes.find((n) => n.id === id)?.ui?.x ?? Number.NaN;
    const rightwards = doc.edges.filter((e) => x(e.target) > x(e.source)).length;
    expect(rightwards / doc.edges.length).toBeGreaterThan(0.8);
  }, 60_000);
});
