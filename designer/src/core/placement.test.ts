import type { FlowDefinition } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { execute } from "./commands.js";
import { deepFreeze } from "./deep-freeze.js";
import { findNode, nodePosition } from "./document.js";
import { edgeRoute } from "./edge-route.js";
import { DEFAULT_NODE_SIZE, layoutFlow } from "./layout.js";
import { isPlaced, needsPlacement, placeCommand, positioned } from "./placement.js";

/** The flow with every `ui` removed, as a tool that knows nothing of the designer writes it. */
const withoutUi = (doc: FlowDefinition): FlowDefinition => ({
  ...doc,
  nodes: doc.nodes.map(({ ui: _ui, ...node }) => node),
  edges: doc.edges.map(({ ui: _ui, ...edge }) => edge),
});

/** No two nodes' default-size boxes overlap. */
function expectApart(doc: FlowDefinition): void {
  const boxes = doc.nodes.map((n) => ({ id: n.id, ...nodePosition(n) }));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const overlap = Math.abs(a.x - b.x) < DEFAULT_NODE_SIZE.width && Math.abs(a.y - b.y) < DEFAULT_NODE_SIZE.height;
      expect(overlap, `${a.id} on ${b.id}`).toBe(false);
    }
  }
}

describe("positioned", () => {
  it("keeps a flow whose every node has a position as it is", async () => {
    const doc = deepFreeze(await layoutFlow(sampleFlow()));
    expect(await positioned(doc)).toBe(doc);
  });

  it("lays out and routes a flow that has no positions at all", async () => {
    const placed = await positioned(deepFreeze(withoutUi(sampleFlow())));
    expect(placed.nodes.every(isPlaced)).toBe(true);
    expectApart(placed);
    expect(placed.edges.every((e) => edgeRoute(e) !== undefined)).toBe(true);
  });

  it("places only the nodes lacking a position, beside the others, which stay where they were", async () => {
    const laidOut = await layoutFlow(sampleFlow());
    const doc = deepFreeze({
      ...laidOut,
      nodes: laidOut.nodes.map((n) => (n.id === "a" || n.id === "b" ? { ...n, ui: {} } : n)),
    });
    const placed = await positioned(doc);
    for (const node of doc.nodes.filter(isPlaced)) expect(findNode(placed, node.id)?.ui).toEqual(node.ui);
    expectApart(placed);
    const right = Math.max(...doc.nodes.filter(isPlaced).map((n) => nodePosition(n).x));
    for (const id of ["a", "b"]) expect(findNode(placed, id)?.ui?.x).toBeGreaterThan(right);
  });
});

describe("placeCommand", () => {
  it("spreads the nodes of an imported document without positions instead of stacking them on one point", async () => {
    const current = deepFreeze(await layoutFlow(sampleFlow()));
    const command = { kind: "replaceDocument" as const, doc: withoutUi({ ...sampleFlow(), id: "imported" }) };
    expect(needsPlacement(command)).toBe(true);
    const { doc } = execute(current, await placeCommand(command));
    expect(doc.id).toBe("imported");
    expect(doc.nodes.every(isPlaced)).toBe(true);
    expectApart(doc);
  });

  it("leaves other commands, and documents already placed, to run at once", async () => {
    const placed = await layoutFlow(sampleFlow());
    expect(needsPlacement({ kind: "replaceDocument", doc: placed })).toBe(false);
    expect(needsPlacement({ kind: "removeNodes", ids: ["a"] })).toBe(false);
  });
});
