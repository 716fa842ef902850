/**
 * Sticky notes as React Flow nodes, beside the flow's own (to-graph.ts). A note's canvas id is `note:<id>`: a ':'
 * never appears in a valid node id, so notes and nodes share the canvas (and its selection, moves and deletions)
 * without ever being mistaken for each other. Structural types only, no React import, as in to-graph.ts.
 */
import type { FlowDefinition } from "@mfo/schemas";
import type { Position } from "./document.js";
import { notesOf, type StickyNote } from "./note-commands.js";

/** The React Flow node type that draws a note. */
export const NOTE_NODE_TYPE = "note";

const PREFIX = "note:";

/** Notes sit behind the flow's nodes and edges: they annotate the flow and must not hide it. */
export const NOTE_Z_INDEX = -1;

/** What a note's canvas node carries. */
export type NoteNodeData = { note: StickyNote };

/** A note as a React Flow node: its box is the note's stored size. */
export type GraphNote = {
  id: string;
  type: typeof NOTE_NODE_TYPE;
  position: Position;
  width: number;
  height: number;
  zIndex: number;
  data: NoteNodeData;
};

/** The canvas id of the note with this id. */
export function noteCanvasId(id: string): string {
  return `${PREFIX}${id}`;
}

/** The note id behind a canvas id, or undefined for a flow node's id. */
export function noteIdOf(canvasId: string): string | undefined {
  return canvasId.startsWith(PREFIX) ? canvasId.slice(PREFIX.length) : undefined;
}

/** The flow's notes as React Flow nodes (only `ui` is read, so a caller can memoise on it). */
export function notesToGraph(doc: Pick<FlowDefinition, "ui">): GraphNote[] {
  return notesOf(doc).map((note) => ({
    id: noteCanvasId(note.id),
    type: NOTE_NODE_TYPE,
    position: { x: note.x, y: note.y },
    width: note.width,
    height: note.height,
    zIndex: NOTE_Z_INDEX,
    data: { note },
  }));
}

/** Canvas ids split into flow node ids and note ids. */
export function splitCanvasIds(ids: readonly string[]): { nodes: string[]; notes: string[] } {
  const nodes: string[] = [];
  const notes: string[] = [];
  for (const id of ids) {
    const note = noteIdOf(id);
    if (note === undefined) nodes.push(id);
    else notes.push(note);
  }
  return { nodes, notes };
}

/** Positions by canvas id split into positions by node id and by note id. */
export function splitCanvasPositions(positions: Readonly<Record<string, Position>>): {
  nodes: Record<string, Position>;
  notes: Record<string, Position>;
} {
  // No prototype: a draft's node id could be "__proto__".
  const nodes = Object.create(null) as Record<string, Position>;
  const notes = Object.create(null) as Record<string, Position>;
  for (const [id, position] of Object.entries(positions)) {
    const note = noteIdOf(id);
    if (note === undefined) nodes[id] = position;
    else notes[note] = position;
  }
  return { nodes, notes };
}

/** The canvas ids of the flow's notes: what a selection may name besides node and edge ids. */
export function noteCanvasIds(doc: Pick<FlowDefinition, "ui">): Set<string> {
  return new Set(notesOf(doc).map((note) => noteCanvasId(note.id)));
}

/** A note's box while the user drags one of its resize handles (its top-left corner moves with a top or left one). */
export type NoteBox = { x?: number; y?: number; width: number; height: number };

/** A React Flow node change as far as resizing needs it (NodeChange is assignable to it). */
export type ResizeChangeLike = {
  type: string;
  id?: string;
  position?: Position;
  dimensions?: { width: number; height: number };
  resizing?: boolean;
};

/**
 * The boxes of the notes being resized after a batch of React Flow changes: a `dimensions` change with `resizing`
 * sets a note's live box (with the position change of the same batch, from a top or left handle), one without
 * `resizing` ends it. The canvas draws a resizing note at its live box until the note commits it (updateNote on
 * resize end), since the document, which the canvas is drawn from, does not change while the handle moves. Returns
 * `live` itself when no note's resize changed.
 */
export function trackNoteResizes(
  live: ReadonlyMap<string, NoteBox>,
  changes: readonly ResizeChangeLike[],
): ReadonlyMap<string, NoteBox> {
  let next: Map<string, NoteBox> | undefined;
  for (const change of changes) {
    if (change.type !== "dimensions" || change.id === undefined || noteIdOf(change.id) === undefined) continue;
    next ??= new Map(live);
    if (change.resizing !== true || !change.dimensions) {
      next.delete(change.id);
      continue;
    }
    const moved = changes.find((c) => c.type === "position" && c.id === change.id && c.position)?.position;
    const before = next.get(change.id);
    const x = moved?.x ?? before?.x;
    const y = moved?.y ?? before?.y;
    next.set(change.id, {
      ...(x === undefined ? {} : { x }),
      ...(y === undefined ? {} : { y }),
      width: change.dimensions.width,
      height: change.dimensions.height,
    });
  }
  if (next === undefined) return live;
  return next.size === live.size && [...next].every(([id, box]) => live.get(id) === box) ? live : next;
}

/** The note's canvas node drawn at its live box while it is being resized; the node itself otherwise. */
export function withLiveBox(note: GraphNote, box: NoteBox | undefined): GraphNote {
  if (box === undefined) return note;
  return {
    ...note,
    position: { x: box.x ?? note.position.x, y: box.y ?? note.position.y },
    width: box.width,
    height: box.height,
  };
}
