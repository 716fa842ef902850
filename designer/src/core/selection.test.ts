import type { FlowDefinition } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.js";
import { apply, createHistory, type History, redo, select, selectAll, toggleSelection, undo } from "./history.js";
import { changeSelection, NO_SELECTION, selectionIn } from "./selection.js";

const sample = (): FlowDefinition => deepFreeze(sampleFlow());
const selecting = (nodes: string[], edges: string[] = []): History => select(createHistory(sample()), { nodes, edges });

describe("the selection kept with the document", () => {
  it("follows a renamed node in the same update that renames it", () => {
    const renamed = apply(selecting(["import"]), { kind: "updateNode", id: "import", patch: { id: "load" } });
    expect(renamed.present.nodes.map((n) => n.id)).toContain("load");
    expect(renamed.selection).toEqual({ nodes: ["load"], edges: [] });
  });

  it("gives the old id back on undo and the new one on redo", () => {
    const renamed = apply(selecting(["import"]), { kind: "updateNode", id: "import", patch: { id: "load" } });
    expect(undo(renamed).selection).toEqual({ nodes: ["import"], edges: [] });
    expect(redo(undo(renamed)).selection).toEqual({ nodes: ["load"], edges: [] });
  });

  it("keeps the selection of a node whose other fields change, without a new selection object", () => {
    const history = selecting(["import"]);
    const labelled = apply(history, { kind: "updateNode", id: "import", patch: { label: "Import" } });
    expect(labelled.selection).toBe(history.selection);
  });

  it("drops removed nodes and the edges removed with them, keeping the rest", () => {
    const history = selecting(["a", "b"], ["e-a", "e-big"]);
    const removed = apply(history, { kind: "removeNodes", ids: ["a"] });
    expect(removed.selection).toEqual({ nodes: ["b"], edges: ["e-big"] });
    expect(undo(removed).selection).toEqual(history.selection);
  });

  it("keeps the selection across a drag, and a refused command leaves it alone", () => {
    const history = selecting(["a"]);
    const moved = apply(history, { kind: "moveNodes", positions: { a: { x: 10, y: 10 } } });
    expect(moved.selection).toBe(history.selection);
    const refused = apply(history, { kind: "connect", source: "done", target: "a" });
    expect(refused.selection).toBe(history.selection);
  });

  it("selects what a command creates", () => {
    const added = apply(selecting(["a"]), { kind: "addNode", nodeType: "phase", position: { x: 0, y: 0 } });
    expect(added.selection).toEqual({ nodes: ["phase-1"], edges: [] });
  });

  it("selects only ids the document has, and answers the same history when nothing changes", () => {
    const history = selecting(["a", "ghost"], ["e-a", "e-ghost"]);
    expect(history.selection).toEqual({ nodes: ["a"], edges: ["e-a"] });
    expect(select(history, { nodes: ["a"], edges: ["e-a"] })).toBe(history);
  });

  it("applies a node toggle and an edge toggle that arrive one after the other (a click on a node)", () => {
    let history = selecting([], ["e-a"]);
    history = toggleSelection(history, { nodes: [{ id: "b", selected: true }] });
    history = toggleSelection(history, { edges: [{ id: "e-a", selected: false }] });
    expect(history.selection).toEqual({ nodes: ["b"], edges: [] });
    expect(toggleSelection(history, { nodes: [{ id: "b", selected: true }] })).toBe(history);
  });

  it("selects every node and edge", () => {
    const all = selectAll(createHistory(sample()));
    expect(all.selection.nodes).toHaveLength(sample().nodes.length);
    expect(all.selection.edges).toHaveLength(sample().edges.length);
    expect(all.past).toHaveLength(0);
  });
});

describe("selection helpers", () => {
  it("adds and removes toggled ids, and returns the same selection when nothing changes", () => {
    const start = { nodes: ["a"], edges: [] };
    expect(changeSelection(start, { nodes: [{ id: "a", selected: true }] })).toBe(start);
    expect(changeSelection(start, { nodes: [{ id: "missing", selected: false }] })).toBe(start);
    expect(
      changeSelection(start, {
        nodes: [
          { id: "b", selected: true },
          { id: "a", selected: false },
        ],
        edges: [{ id: "e", selected: true }],
      }),
    ).toEqual({ nodes: ["b"], edges: ["e"] });
  });

  it("keeps what exists in the document", () => {
    expect(selectionIn(sample(), NO_SELECTION)).toBe(NO_SELECTION);
    expect(selectionIn(sample(), { nodes: ["a", "x"], edges: ["y"] })).toEqual({ nodes: ["a"], edges: [] });
  });
});
