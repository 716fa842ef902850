import type { FlowDefinition } from "@mfo/schemas";
import { generateFlow, sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.js";
import { findNode, nodePosition } from "./document.js";
import { applyLayout, computeLayout, layoutFlow } from "./layout.js";

/** A whole-number position on every node. */
function expectPlaced(doc: FlowDefinition): void {
  for (const node of doc.nodes) {
    expect(Number.isInteger(node.ui?.x), node.id).toBe(true);
    expect(Number.isInteger(node.ui?.y), node.id).toBe(true);
  }
}

/** The properties of a laid-out flow short enough not to wrap: placed, start leftmost, an end rightmost. */
function expectLaidOut(doc: FlowDefinition): void {
  expectPlaced(doc);
  const xs = doc.nodes.map((n) => nodePosition(n).x);
  const start = doc.nodes.find((n) => n.type === "start");
  if (start === undefined) throw new Error("the flow has no start");
  expect(nodePosition(start).x).toBe(Math.min(...xs));
  expect(xs.filter((x) => x === nodePosition(start).x)).toHaveLength(1);
  const rightmost = Math.max(...xs);
  expect(doc.nodes.some((n) => n.type === "end" && nodePosition(n).x === rightmost)).toBe(true);
}

/** No two nodes share a position (the layout spreads them out). */
function expectDistinct(doc: FlowDefinition): void {
  const spots = new Set(doc.nodes.map((n) => `${n.ui?.x},${n.ui?.y}`));
  expect(spots.size).toBe(doc.nodes.length);
}

describe("layoutFlow", () => {
  it("places every node left to right, start first and an end last, without changing its input", async () => {
    const base = sampleFlow();
    const doc = deepFreeze(base);
    const laidOut = await layoutFlow(doc);
    expect(doc).toEqual(sampleFlow());
    expectLaidOut(laidOut);
    expectDistinct(laidOut);
    expect(laidOut.edges.map(({ ui: _ui, ...rest }) => rest)).toEqual(doc.edges);
    expect(laidOut.nodes.map(({ ui: _ui, ...rest }) => rest)).toEqual(doc.nodes.map(({ ui: _ui, ...rest }) => rest));
  });

  it("keeps the other ui fields of each node", async () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      nodes: base.nodes.map((n) => (n.id === "gate" ? { ...n, ui: { x: -5, y: -5, color: "red" } } : n)),
    });
    const laidOut = await layoutFlow(doc);
    expect(findNode(laidOut, "gate")?.ui).toMatchObject({ color: "red" });
  });

  it.each([1, 2, 3])("lays out a generated flow with loops, branches and approvals (seed %i)", async (seed) => {
    const laidOut = await layoutFlow(deepFreeze(generateFlow({ nodes: 60, seed })));
    expectPlaced(laidOut);
    expectDistinct(laidOut);
  });

  it("lays out a 300-node flow", async () => {
    const laidOut = await layoutFlow(deepFreeze(generateFlow({ nodes: 300, seed: 11 })));
    expectDistinct(laidOut);
  });

  it("lays out a draft with an edge to a missing node and a repeated id without throwing", async () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      nodes: [...base.nodes, { id: "a", type: "phase" as const, handler: "noop" }],
      edges: [...base.edges, { id: "bad", source: "a", target: "ghost" }],
    });
    const laidOut = await layoutFlow(doc);
    expect(laidOut.nodes.every((n) => typeof n.ui?.x === "number")).toBe(true);
  });

  it("uses measured sizes so wide nodes push the next column further right", async () => {
    const doc = deepFreeze(sampleFlow());
    const narrow = await layoutFlow(doc);
    const wide = await layoutFlow(doc, { sizes: { start: { width: 600, height: 60 } } });
    const x = (doc: FlowDefinition) => findNode(doc, "import")?.ui?.x ?? Number.NaN;
    expect(x(wide) - x(narrow)).toBeGreaterThan(300);
  });

  it("gives a position for every node and a route for every edge, which the applyLayout command applies", async () => {
    const doc = deepFreeze(sampleFlow());
    const layout = await computeLayout(doc);
    expect(Object.keys(layout.positions)).toEqual(doc.nodes.map((n) => n.id));
    expect(Object.keys(layout.routes)).toEqual(doc.edges.map((e) => e.id));
    expect(applyLayout(doc, layout).doc).toEqual(await layoutFlow(doc));
  });
});
