import type { FlowDefinition, NodeType, PhaseNode } from "@mfo/schemas";
import { nodeTypes, validateFlow } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.js";
import { findNode } from "./document.js";
import { addNode, moveNodes, removeNodes, replaceDocument, updateFlow, updateNode } from "./node-commands.js";

const sample = (): FlowDefinition => deepFreeze(sampleFlow());

describe("addNode", () => {
  it("adds a node with a fresh id named after its type, at the given position", () => {
    const doc = sample();
    const first = addNode(doc, { nodeType: "phase", position: { x: 10, y: 20 } });
    expect(first.select).toEqual({ nodes: ["phase-1"], edges: [] });
    expect(findNode(first.doc, "phase-1")).toEqual({
      id: "phase-1",
      type: "phase",
      handler: "noop",
      ui: { x: 10, y: 20 },
    });
    const second = addNode(first.doc, { nodeType: "phase", position: { x: 0, y: 0 } });
    expect(second.select?.nodes).toEqual(["phase-2"]);
  });

  it("never reuses an id that a node already has", () => {
    const doc = deepFreeze({
      ...sampleFlow(),
      nodes: [...sampleFlow().nodes, { id: "wait-1", type: "wait" as const }],
    });
    const { doc: next } = addNode(doc, { nodeType: "wait", position: { x: 0, y: 0 } });
    const ids = next.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe("wait-2");
  });

  it.each([
    ["phase", { handler: "noop" }],
    ["wait", { delayMs: 1000 }],
    ["end", { outcome: "completed" }],
    ["subflow", { flowType: "" }],
    ["decision", {}],
    ["parallel", {}],
    ["join", {}],
    ["approval", {}],
  ] as const)("gives a new %s node its defaults", (type, defaults) => {
    const { doc } = addNode(sample(), { nodeType: type, position: { x: 1, y: 2 } });
    const { id: _id, ui: _ui, type: added, ...rest } = doc.nodes.at(-1) as FlowDefinition["nodes"][number];
    expect(added).toBe(type);
    expect(rest).toEqual(defaults);
  });

  it("has defaults for every node type in the registry", () => {
    const empty: FlowDefinition = { id: "x", name: "x", nodes: [], edges: [] };
    for (const { type } of nodeTypes) {
      const result = addNode(empty, { nodeType: type, position: { x: 0, y: 0 } });
      expect(result.reason).toBeUndefined();
      expect(result.doc.nodes[0]?.type).toBe(type);
    }
  });

  it("lets the caller override defaults with fields", () => {
    const { doc } = addNode(sample(), {
      nodeType: "phase",
      position: { x: 0, y: 0 },
      fields: { handler: "log", label: "Log" },
    });
    expect(doc.nodes.at(-1)).toMatchObject({ handler: "log", label: "Log", id: "phase-1" });
  });

  it("refuses a second start, and a type that does not exist", () => {
    const doc = sample();
    expect(addNode(doc, { nodeType: "start", position: { x: 0, y: 0 } })).toEqual({
      doc,
      reason: 'the flow already has its start node ("start")',
    });
    const unknown = addNode(doc, { nodeType: "bogus" as NodeType, position: { x: 0, y: 0 } });
    expect(unknown.doc).toBe(doc);
    expect(unknown.reason).toMatch(/not a node type/);
  });
});

describe("removeNodes", () => {
  it("removes the nodes and every edge that touches them", () => {
    const { doc } = removeNodes(sample(), { ids: ["gate", "a"] });
    expect(doc.nodes.map((n) => n.id)).not.toContain("gate");
    expect(doc.nodes.map((n) => n.id)).not.toContain("a");
    expect(doc.edges.map((e) => e.id)).toEqual([
      "e-start",
      "e-fan-b",
      "e-b",
      "e-merge",
      "e-approve",
      "e-reject",
      "e-pause",
      "e-child",
    ]);
  });

  it("returns the same document when no id names a node", () => {
    const doc = sample();
    expect(removeNodes(doc, { ids: ["nope"] }).doc).toBe(doc);
  });
});

describe("moveNodes", () => {
  it("moves nodes and keeps their other ui fields", () => {
    const doc = deepFreeze({
      ...sampleFlow(),
      nodes: sampleFlow().nodes.map((n) => (n.id === "a" ? { ...n, ui: { x: 1, y: 1, collapsed: true } } : n)),
    });
    const { doc: next } = moveNodes(doc, { positions: { a: { x: 50, y: 60 }, b: { x: 5, y: 6 } } });
    expect(findNode(next, "a")?.ui).toEqual({ x: 50, y: 60, collapsed: true });
    expect(findNode(next, "b")?.ui).toEqual({ x: 5, y: 6 });
    expect(findNode(next, "start")).toBe(findNode(doc, "start"));
  });

  it("changes nothing when every node is already where it is moved to", () => {
    const { doc } = moveNodes(sample(), { positions: { a: { x: 5, y: 5 } } });
    deepFreeze(doc);
    expect(moveNodes(doc, { positions: { a: { x: 5, y: 5 }, ghost: { x: 1, y: 1 } } }).doc).toBe(doc);
  });
});

describe("updateNode", () => {
  it("sets fields and removes those patched to undefined", () => {
    const doc = sample();
    const { doc: labelled } = updateNode(doc, { id: "gate", patch: { label: undefined, description: "Routes" } });
    expect(findNode(labelled, "gate")).toEqual({ id: "gate", type: "decision", description: "Routes" });
  });

  it("renames a node everywhere it is referenced: edge ends and onError jumps", () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      nodes: base.nodes.map((n) => (n.id === "b" ? ({ ...n, onError: { goto: "import" } } as PhaseNode) : n)),
    });
    const result = updateNode(doc, { id: "import", patch: { id: "load" } });
    expect(result.select).toEqual({ nodes: ["load"], edges: [] });
    const next = result.doc;
    expect(findNode(next, "import")).toBeUndefined();
    expect(next.edges.filter((e) => e.source === "load" || e.target === "load").map((e) => e.id)).toEqual([
      "e-start",
      "e-import",
    ]);
    expect((findNode(next, "b") as PhaseNode).onError).toEqual({ goto: "load" });
    expect(validateFlow(next).errors).toEqual([]);
  });

  it("refuses a rename to an id another node has, an empty id and an unknown node", () => {
    const doc = sample();
    expect(updateNode(doc, { id: "a", patch: { id: "b" } })).toEqual({ doc, reason: 'node id "b" is already used' });
    expect(updateNode(doc, { id: "a", patch: { id: "" } }).reason).toBe("a node id can't be empty");
    expect(updateNode(doc, { id: "zz", patch: { label: "x" } })).toEqual({ doc, reason: 'there is no node "zz"' });
  });
});

describe("updateFlow", () => {
  it("changes the flow's own fields and removes optional ones patched to undefined", () => {
    const { doc } = updateFlow(sample(), {
      patch: { name: "Renamed", description: undefined, settings: { timeoutMs: 5 } },
    });
    expect(doc.name).toBe("Renamed");
    expect("description" in doc).toBe(false);
    expect(doc.settings).toEqual({ timeoutMs: 5 });
  });

  it("does not remove a required field or touch nodes and edges", () => {
    const before = sample();
    const patch = { name: undefined, nodes: [] } as unknown as { name: string };
    expect(updateFlow(before, { patch }).doc).toBe(before);
  });
});

describe("replaceDocument", () => {
  it("replaces the whole document", () => {
    const other: FlowDefinition = { id: "other", name: "Other", nodes: [], edges: [] };
    expect(replaceDocument(sample(), { doc: other }).doc).toBe(other);
  });
});
