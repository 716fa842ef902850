import type { FlowDefinition } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { copyFragment } from "./clipboard.js";
import type { Command } from "./commands.js";
import { deepFreeze } from "./deep-freeze.js";
import { findNode } from "./document.js";
import { apply, canRedo, canUndo, createHistory, type History, redo, seal, undo } from "./history.js";

const sample = (): FlowDefinition => deepFreeze(sampleFlow());

/** One command of every kind, each of which changes the sample flow. */
const everyCommand: Command[] = [
  { kind: "addNode", nodeType: "phase", position: { x: 5, y: 5 } },
  { kind: "removeNodes", ids: ["a"] },
  { kind: "moveNodes", positions: { a: { x: 7, y: 8 } } },
  { kind: "updateNode", id: "import", patch: { id: "load", label: "Load" } },
  { kind: "connect", source: "import", target: "done" },
  { kind: "removeEdges", ids: ["e-big"] },
  { kind: "updateEdge", id: "e-big", patch: { label: "Big" } },
  { kind: "updateFlow", patch: { name: "Renamed", description: undefined } },
  { kind: "paste", fragment: copyFragment(sampleFlow(), ["a", "b"]), offset: { x: 10, y: 10 } },
  { kind: "duplicate", ids: ["fan", "a", "b", "merge"] },
  { kind: "replaceDocument", doc: { id: "other", name: "Other", nodes: [], edges: [] } },
  {
    kind: "batch",
    commands: [
      { kind: "removeEdges", ids: ["e-a"] },
      { kind: "removeNodes", ids: ["merge"] },
    ],
  },
];

describe("undo and redo", () => {
  it.each(everyCommand.map((c) => [c.kind, c] as const))(
    "%s: undo gives back the exact previous document and redo the one after",
    (_kind, command) => {
      const before = sample();
      const copy = structuredClone(before);
      const applied = apply(createHistory(before), command);
      const after = applied.present;
      expect(after).not.toBe(before);
      expect(canUndo(applied)).toBe(true);
      const undone = undo(applied);
      expect(undone.present).toBe(before);
      expect(undone.present).toEqual(copy);
      expect(canUndo(undone)).toBe(false);
      expect(canRedo(undone)).toBe(true);
      const redone = redo(undone);
      expect(redone.present).toBe(after);
      expect(canRedo(redone)).toBe(false);
    },
  );

  it("undoes and redoes a sequence step by step", () => {
    let history = createHistory(sample());
    const docs = [history.present];
    for (const command of everyCommand.slice(0, 10)) {
      history = apply(history, command);
      if (history.present !== docs.at(-1)) docs.push(history.present);
    }
    expect(history.past).toHaveLength(docs.length - 1);
    for (let i = docs.length - 2; i >= 0; i--) {
      history = undo(history);
      expect(history.present).toBe(docs[i]);
    }
    expect(undo(history)).toBe(history);
    for (let i = 1; i < docs.length; i++) {
      history = redo(history);
      expect(history.present).toBe(docs[i]);
    }
    expect(redo(history)).toBe(history);
  });

  it("drops the redo steps when a new command is applied after an undo", () => {
    let history = createHistory(sample());
    history = apply(history, { kind: "addNode", nodeType: "phase", position: { x: 0, y: 0 } });
    history = undo(history);
    history = apply(history, { kind: "addNode", nodeType: "wait", position: { x: 0, y: 0 } });
    expect(canRedo(history)).toBe(false);
    expect(findNode(history.present, "wait-1")).toBeDefined();
    expect(findNode(history.present, "phase-1")).toBeUndefined();
  });

  it("records nothing for a refused command but says why", () => {
    const history = createHistory(sample());
    const next = apply(history, { kind: "connect", source: "a", target: "start" });
    expect(next.present).toBe(history.present);
    expect(canUndo(next)).toBe(false);
    expect(next.outcome).toEqual({ kind: "connect", reason: 'start node "start" takes no incoming edges' });
  });

  it("records nothing for a command that changes nothing", () => {
    const next = apply(createHistory(sample()), { kind: "removeNodes", ids: ["nope"] });
    expect(canUndo(next)).toBe(false);
    expect(next.outcome).toEqual({ kind: "removeNodes" });
  });

  it("reports what to select after a command", () => {
    const next = apply(createHistory(sample()), { kind: "duplicate", ids: ["a", "b", "merge"] });
    expect(next.outcome?.select).toEqual({ nodes: ["a-1", "b-1", "merge-1"], edges: ["e1", "e2"] });
  });

  it("refuses a whole batch when one of its commands is refused", () => {
    const history = createHistory(sample());
    const next = apply(history, {
      kind: "batch",
      commands: [
        { kind: "removeNodes", ids: ["a"] },
        { kind: "connect", source: "done", target: "b" },
      ],
    });
    expect(next.present).toBe(history.present);
    expect(next.outcome?.reason).toMatch(/takes no outgoing edges/);
  });
});

/** Drags node ids from (0,0) through `steps` positions, one move per step. */
function drag(history: History, ids: string[], steps: number, from = 0): History {
  let next = history;
  for (let i = 1; i <= steps; i++) {
    const positions = Object.fromEntries(ids.map((id) => [id, { x: from + i * 10, y: i }]));
    next = apply(next, { kind: "moveNodes", positions });
  }
  return next;
}

describe("move coalescing", () => {
  it("makes a whole drag one undo step", () => {
    const start = createHistory(sample());
    const dragged = drag(start, ["a", "b"], 30);
    expect(dragged.past).toHaveLength(1);
    expect(findNode(dragged.present, "a")?.ui).toEqual({ x: 300, y: 30 });
    expect(undo(dragged).present).toBe(start.present);
    expect(redo(undo(dragged)).present).toBe(dragged.present);
  });

  it("keeps moves of different nodes apart", () => {
    const history = drag(drag(createHistory(sample()), ["a"], 3), ["b"], 3);
    expect(history.past).toHaveLength(2);
  });

  it("starts a new step after seal, so two drags of the same node undo one at a time", () => {
    const first = seal(drag(createHistory(sample()), ["a"], 5));
    const second = drag(first, ["a"], 5, 100);
    expect(second.past).toHaveLength(2);
    expect(undo(second).present).toBe(first.present);
  });

  it("does not join a move onto a step that was undone and redone", () => {
    const history = redo(undo(drag(createHistory(sample()), ["a"], 3)));
    expect(drag(history, ["a"], 2, 500).past).toHaveLength(2);
  });

  it("does not join moves separated by another command", () => {
    let history = drag(createHistory(sample()), ["a"], 3);
    history = apply(history, { kind: "updateNode", id: "a", patch: { label: "A" } });
    history = drag(history, ["a"], 3, 100);
    expect(history.past.map((e) => e.kind)).toEqual(["moveNodes", "updateNode", "moveNodes"]);
  });
});

describe("history cap", () => {
  it("keeps the last 200 steps by default, dropping the oldest", () => {
    let history = createHistory(sample());
    const docs = [history.present];
    for (let i = 0; i < 250; i++) {
      history = apply(history, { kind: "updateFlow", patch: { name: `name ${i}` } });
      docs.push(history.present);
    }
    expect(history.past).toHaveLength(200);
    while (canUndo(history)) history = undo(history);
    expect(history.present).toBe(docs[50]);
    expect(history.present.name).toBe("name 49");
  });

  it("takes a smaller limit", () => {
    let history = createHistory(sample(), { limit: 3 });
    for (let i = 0; i < 5; i++) history = apply(history, { kind: "updateFlow", patch: { name: `n${i}` } });
    expect(history.past.map((e) => e.after.name)).toEqual(["n2", "n3", "n4"]);
  });
});
