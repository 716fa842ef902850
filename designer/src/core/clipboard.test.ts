import type { FlowDefinition, PhaseNode } from "@mfo/schemas";
import { generateFlow, sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { copyFragment, DUPLICATE_OFFSET, duplicate, paste } from "./clipboard.js";
import { deepFreeze } from "./deep-freeze.js";
import { findNode } from "./document.js";

const sample = (): FlowDefinition => deepFreeze(sampleFlow());

/** Every id is unique and every edge joins two nodes of the document. */
function expectConsistent(doc: FlowDefinition): void {
  const nodes = doc.nodes.map((n) => n.id);
  const edges = doc.edges.map((e) => e.id);
  expect(new Set(nodes).size).toBe(nodes.length);
  expect(new Set(edges).size).toBe(edges.length);
  const known = new Set(nodes);
  for (const edge of doc.edges) {
    expect(known.has(edge.source), `${edge.id} source ${edge.source}`).toBe(true);
    expect(known.has(edge.target), `${edge.id} target ${edge.target}`).toBe(true);
  }
}

describe("copyFragment", () => {
  it("copies the chosen nodes and only the edges between them", () => {
    const fragment = copyFragment(sample(), ["fan", "a", "b", "start"]);
    expect(fragment.nodes.map((n) => n.id)).toEqual(["start", "fan", "a", "b"]);
    expect(fragment.edges.map((e) => e.id)).toEqual(["e-fan-a", "e-fan-b"]);
  });
});

describe("paste", () => {
  it("gives pasted nodes and edges fresh ids, shifted by the offset, and selects them", () => {
    const doc = sample();
    const fragment = copyFragment(doc, ["fan", "a", "b"]);
    const result = paste(doc, { fragment, offset: { x: 100, y: 50 } });
    expect(result.select).toEqual({ nodes: ["fan-1", "a-1", "b-1"], edges: ["e1", "e2"] });
    expect(result.doc.edges.slice(-2)).toEqual([
      { id: "e1", source: "fan-1", target: "a-1" },
      { id: "e2", source: "fan-1", target: "b-1" },
    ]);
    // The sample's nodes have no position, so their copies are spread in a row (fan, a, b) before the offset.
    expect(findNode(result.doc, "a-1")?.ui).toEqual({ x: 220 + 100, y: 50 });
    expectConsistent(result.doc);
  });

  it("drops edges whose other end was not pasted, so no edge dangles", () => {
    const doc = sample();
    const fragment = { nodes: copyFragment(doc, ["a"]).nodes, edges: doc.edges };
    const { doc: next } = paste(doc, { fragment, offset: { x: 0, y: 0 } });
    expect(next.edges).toHaveLength(doc.edges.length);
    expectConsistent(next);
  });

  it("points a copied onError jump at the copy of its target", () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      nodes: base.nodes.map((n) => (n.id === "a" ? ({ ...n, onError: { goto: "b" } } as PhaseNode) : n)),
    });
    const { doc: both } = paste(doc, { fragment: copyFragment(doc, ["a", "b"]), offset: { x: 0, y: 0 } });
    expect((findNode(both, "a-1") as PhaseNode).onError).toEqual({ goto: "b-1" });
    const { doc: alone } = paste(doc, { fragment: copyFragment(doc, ["a"]), offset: { x: 0, y: 0 } });
    expect((findNode(alone, "a-1") as PhaseNode).onError).toEqual({ goto: "b" });
  });

  it("leaves out a start when the flow already has one", () => {
    const doc = sample();
    const { doc: next } = paste(doc, { fragment: copyFragment(doc, ["start", "import"]), offset: { x: 0, y: 0 } });
    expect(next.nodes.filter((n) => n.type === "start")).toHaveLength(1);
    expect(next.nodes.at(-1)?.id).toBe("import-1");
    expectConsistent(next);
  });

  it("pastes into a different flow without clashing with its ids", () => {
    const target = deepFreeze(generateFlow({ nodes: 30, seed: 4 }));
    const fragment = copyFragment(sample(), ["a", "b", "merge"]);
    const { doc } = paste(target, { fragment, offset: { x: 0, y: 0 } });
    expect(doc.nodes).toHaveLength(33);
    expectConsistent(doc);
  });

  it("changes nothing for an empty fragment", () => {
    const doc = sample();
    expect(paste(doc, { fragment: { nodes: [], edges: [] }, offset: { x: 0, y: 0 } })).toEqual({ doc });
  });
});

/** Every pair of nodes sharing a top-left corner, among those after the first `before` (the copies) and the rest. */
function stacked(doc: FlowDefinition, before = 0): string[] {
  const spot = (n: FlowDefinition["nodes"][number]) => `${n.ui?.x ?? 0},${n.ui?.y ?? 0}`;
  const found: string[] = [];
  doc.nodes.forEach((node, i) => {
    if (i < before) return;
    const other = doc.nodes.find((n, j) => j !== i && spot(n) === spot(node));
    if (other) found.push(`${node.id} on ${other.id}`);
  });
  return found;
}

describe("where copies land", () => {
  const placed = (): FlowDefinition =>
    deepFreeze({
      ...sampleFlow(),
      nodes: sampleFlow().nodes.map((n, i) => ({ ...n, ui: { x: i * 240, y: 0 } })),
    });

  it("pastes the same fragment twice without putting a copy on the first copy", () => {
    const doc = placed();
    const fragment = copyFragment(doc, ["a", "b"]);
    const once = paste(doc, { fragment, offset: DUPLICATE_OFFSET }).doc;
    const twice = paste(once, { fragment, offset: DUPLICATE_OFFSET }).doc;
    expect(stacked(twice)).toEqual([]);
    expect(findNode(twice, "a-2")?.ui).toEqual({ x: (findNode(doc, "a")?.ui?.x ?? 0) + 80, y: 80 });
  });

  it("pastes what was just duplicated without stacking it on the duplicate", () => {
    const doc = placed();
    const fragment = copyFragment(doc, ["a"]);
    const duplicated = duplicate(doc, { ids: ["a"] }).doc;
    const pasted = paste(duplicated, { fragment, offset: DUPLICATE_OFFSET }).doc;
    expect(stacked(pasted)).toEqual([]);
  });

  it("spreads copies of nodes without a position instead of stacking them", () => {
    const doc = sample();
    const { doc: next } = paste(doc, { fragment: copyFragment(doc, ["a", "b", "merge"]), offset: DUPLICATE_OFFSET });
    expect(stacked(next, doc.nodes.length)).toEqual([]);
  });

  it("steps past occupied spots when pasted with no offset at all", () => {
    const doc = placed();
    const { doc: next } = paste(doc, { fragment: copyFragment(doc, ["gate"]), offset: { x: 0, y: 0 } });
    expect(stacked(next)).toEqual([]);
  });
});

describe("duplicate", () => {
  it("copies nodes next to the originals, twice over without id clashes", () => {
    let doc = sample();
    doc = duplicate(doc, { ids: ["a", "b", "merge"] }).doc;
    doc = duplicate(doc, { ids: ["a", "b", "merge"] }).doc;
    expect(doc.nodes.slice(-6).map((n) => n.id)).toEqual(["a-1", "b-1", "merge-1", "a-2", "b-2", "merge-2"]);
    expect(findNode(doc, "a-1")?.ui).toEqual({ x: 40, y: 40 });
    expect(findNode(doc, "a-2")?.ui).toEqual({ x: 80, y: 80 });
    expectConsistent(doc);
  });

  it("keeps every generated flow consistent whatever subset is duplicated", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const doc = deepFreeze(generateFlow({ nodes: 60, seed }));
      const ids = doc.nodes.filter((_, i) => (i * 7 + seed) % 3 === 0).map((n) => n.id);
      const result = duplicate(doc, { ids });
      const copied = result.select?.nodes ?? [];
      expect(copied).toHaveLength(ids.filter((id) => id !== "start").length);
      expect(copied.every((id) => !doc.nodes.some((n) => n.id === id))).toBe(true);
      expectConsistent(result.doc);
    }
  });
});
