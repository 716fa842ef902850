import type { FlowDefinition } from "@mfo/schemas";
import { validateFlow } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { execute } from "./commands.js";
import { deepFreeze } from "./deep-freeze.js";
import { apply, createHistory, redo, seal, undo } from "./history.js";
import { computeLayout } from "./layout.js";
import { addNote, MIN_NOTE_SIZE, notesOf, removeNotes, updateNote } from "./note-commands.js";
import { noteCanvasId, noteCanvasIds, notesToGraph, trackNoteResizes, withLiveBox } from "./note-graph.js";
import { toGraph } from "./to-graph.js";

const sample = (): FlowDefinition => deepFreeze(sampleFlow());
const withNote = (): FlowDefinition =>
  deepFreeze({
    ...sampleFlow(),
    ui: {
      zoom: 2,
      notes: [{ id: "note-1", x: 10, y: 20, width: 200, height: 100, text: "# Hello" }],
    },
  });

describe("addNote", () => {
  it("adds a note to ui.notes with a fresh id, keeps other ui fields, and selects it by its canvas id", () => {
    const doc = withNote();
    const first = addNote(doc, { position: { x: 40.4, y: 50.6 }, text: "*todo*" });
    expect(first.select).toEqual({ nodes: ["note:note-2"], edges: [] });
    expect(first.doc.ui?.zoom).toBe(2);
    expect(notesOf(first.doc)).toEqual([
      { id: "note-1", x: 10, y: 20, width: 200, height: 100, text: "# Hello" },
      { id: "note-2", x: 40, y: 51, width: 240, height: 160, text: "*todo*" },
    ]);
    expect(first.doc.nodes).toBe(doc.nodes);
  });

  it("starts ui.notes on a flow without ui", () => {
    const { doc } = addNote(sample(), { position: { x: 0, y: 0 }, color: "blue" });
    expect(doc.ui).toEqual({ notes: [{ id: "note-1", x: 0, y: 0, width: 240, height: 160, text: "", color: "blue" }] });
  });
});

describe("updateNote", () => {
  it("changes text, position, size and colour, and back to the default colour", () => {
    const doc = withNote();
    const text = updateNote(doc, { id: "note-1", patch: { text: "**bold**" } }).doc;
    expect(notesOf(text)[0]?.text).toBe("**bold**");
    const moved = updateNote(text, { id: "note-1", patch: { x: 5.2, y: -7, width: 321, height: 123 } }).doc;
    expect(notesOf(moved)[0]).toMatchObject({ x: 5, y: -7, width: 321, height: 123 });
    const pink = updateNote(moved, { id: "note-1", patch: { color: "pink" } }).doc;
    expect(notesOf(pink)[0]?.color).toBe("pink");
    const plain = updateNote(pink, { id: "note-1", patch: { color: undefined } }).doc;
    expect(notesOf(plain)[0]).not.toHaveProperty("color");
  });

  it("keeps a note at least MIN_NOTE_SIZE", () => {
    const { doc } = updateNote(withNote(), { id: "note-1", patch: { width: 3, height: -50 } });
    expect(notesOf(doc)[0]).toMatchObject(MIN_NOTE_SIZE);
  });

  it("refuses an unknown note, a non-finite number and an unknown colour, leaving the document as it was", () => {
    const doc = withNote();
    expect(updateNote(doc, { id: "nope", patch: { text: "x" } })).toEqual({ doc, reason: 'there is no note "nope"' });
    expect(updateNote(doc, { id: "note-1", patch: { x: Number.NaN } }).doc).toBe(doc);
    expect(updateNote(doc, { id: "note-1", patch: { color: "red" as "pink" } }).reason).toMatch(/colour/);
  });

  it("returns the very same document when nothing changes, so history records nothing", () => {
    const doc = withNote();
    expect(updateNote(doc, { id: "note-1", patch: { text: "# Hello", x: 10 } }).doc).toBe(doc);
  });
});

describe("removeNotes", () => {
  it("removes the named notes and drops an emptied ui", () => {
    const { doc } = addNote(sample(), { position: { x: 0, y: 0 } });
    expect(removeNotes(doc, { ids: ["note-1"] }).doc).toEqual(sample());
    expect(removeNotes(withNote(), { ids: ["note-1"] }).doc.ui).toEqual({ zoom: 2 });
    const kept = withNote();
    expect(removeNotes(kept, { ids: ["other"] }).doc).toBe(kept);
  });
});

describe("notes on the canvas", () => {
  it("a canvas move of nodes and notes together moves both, as one command", () => {
    const doc = withNote();
    const { doc: next } = execute(doc, {
      kind: "moveNodes",
      positions: { [noteCanvasId("note-1")]: { x: 300, y: 400 }, a: { x: 1, y: 2 } },
    });
    expect(notesOf(next)[0]).toMatchObject({ x: 300, y: 400 });
    expect(next.nodes.find((n) => n.id === "a")?.ui).toEqual({ x: 1, y: 2 });
  });

  it("a canvas deletion of a note and a node removes both", () => {
    const { doc } = execute(withNote(), { kind: "removeNodes", ids: [noteCanvasId("note-1"), "a"] });
    expect(notesOf(doc)).toEqual([]);
    expect(doc.nodes.some((n) => n.id === "a")).toBe(false);
  });

  it("maps notes to React Flow nodes of type note behind the flow, never among the flow's nodes", () => {
    const doc = withNote();
    expect(notesToGraph(doc)).toEqual([
      {
        id: "note:note-1",
        type: "note",
        position: { x: 10, y: 20 },
        width: 200,
        height: 100,
        zIndex: -1,
        data: { note: notesOf(doc)[0] },
      },
    ]);
    expect(toGraph(doc).nodes).toHaveLength(doc.nodes.length);
  });

  it("are not seen by validation or layout", async () => {
    const doc = withNote();
    expect(validateFlow(doc).valid).toBe(true);
    const { positions } = await computeLayout(doc);
    expect(Object.keys(positions).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
  });

  it("skips entries a hand-edited draft left malformed, and keeps them through edits", () => {
    const doc = deepFreeze({
      ...sampleFlow(),
      ui: { notes: [42, { text: "no id" }, { id: "n", x: "far", text: 7 }] },
    } as FlowDefinition);
    expect(notesOf(doc)).toEqual([{ id: "n", x: 0, y: 0, width: 240, height: 160, text: "" }]);
    const { doc: next } = updateNote(doc, { id: "n", patch: { text: "fixed" } });
    expect(next.ui?.notes).toBeInstanceOf(Array);
    expect((next.ui?.notes as unknown[] | undefined)?.slice(0, 2)).toEqual([42, { text: "no id" }]);
  });
});

describe("resizing a note on the canvas", () => {
  const resize = (id: string, width: number, height: number, resizing = true) => ({
    type: "dimensions",
    id,
    dimensions: { width, height },
    resizing,
  });

  it("draws a note at its live box while a handle moves, and at its stored box once the resize ends", () => {
    const [note] = notesToGraph(withNote());
    if (!note) throw new Error("no note");
    let live = trackNoteResizes(new Map(), [resize("note:note-1", 260, 120)]);
    expect(withLiveBox(note, live.get(note.id))).toMatchObject({ position: { x: 10, y: 20 }, width: 260, height: 120 });
    // A top-left handle also moves the note: its position change comes in the same batch.
    live = trackNoteResizes(live, [
      { type: "position", id: "note:note-1", position: { x: 0, y: 5 } },
      resize("note:note-1", 270, 135),
    ]);
    expect(withLiveBox(note, live.get(note.id))).toMatchObject({ position: { x: 0, y: 5 }, width: 270, height: 135 });
    live = trackNoteResizes(live, [resize("note:note-1", 270, 135, false)]);
    expect(live.size).toBe(0);
    expect(withLiveBox(note, live.get(note.id))).toBe(note);
  });

  it("ignores flow nodes and plain measurements, returning the same map", () => {
    const live = new Map();
    expect(trackNoteResizes(live, [resize("a", 10, 10)])).toBe(live);
    expect(
      trackNoteResizes(live, [{ type: "dimensions", id: "note:note-1", dimensions: { width: 1, height: 1 } }]),
    ).toBe(live);
  });

  it("names the notes' canvas ids, for a selection to keep", () => {
    expect(noteCanvasIds(withNote())).toEqual(new Set(["note:note-1"]));
  });
});

describe("note history", () => {
  it("undoes and redoes adding, editing and removing a note", () => {
    const start = withNote();
    let history = createHistory(start);
    history = apply(history, { kind: "addNote", position: { x: 0, y: 0 } });
    const added = history.present;
    history = apply(history, { kind: "updateNote", id: "note-2", patch: { text: "hi", width: 400 } });
    const edited = history.present;
    history = apply(history, { kind: "removeNotes", ids: ["note-1"] });
    expect(notesOf(history.present).map((n) => n.id)).toEqual(["note-2"]);
    history = undo(history);
    expect(history.present).toBe(edited);
    history = undo(history);
    expect(history.present).toBe(added);
    history = undo(history);
    expect(history.present).toBe(start);
    history = redo(history);
    expect(history.present).toBe(added);
  });

  it("joins a drag of a note into one undo step", () => {
    let history = createHistory(withNote());
    for (let x = 11; x <= 20; x++) {
      history = apply(history, { kind: "moveNodes", positions: { "note:note-1": { x, y: 20 } } });
    }
    history = seal(history);
    expect(notesOf(history.present)[0]?.x).toBe(20);
    expect(history.past).toHaveLength(1);
    expect(notesOf(undo(history).present)[0]?.x).toBe(10);
  });
});
