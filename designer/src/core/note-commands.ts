/**
 * Sticky notes: markdown boxes an architect leaves on the canvas. They live in the flow's top-level `ui.notes`
 * (the flow schema keeps any `ui` field and the runtime ignores `ui`), never in `nodes`, so validation, layout and
 * the run view do not see them. Each command is a pure `(doc, args) -> CommandResult`, recorded by history.ts.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { type CommandResult, done, refuse } from "./command-result.js";
import type { Position } from "./document.js";
import { freshId } from "./ids.js";

/** The colours a note can have; the first is the default (no `color` stored). */
export const NOTE_COLORS = ["yellow", "blue", "green", "pink"] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** A sticky note, as stored in `ui.notes`: its top-left corner and size in flow coordinates, and its markdown. */
export interface StickyNote {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  color?: NoteColor;
}

/** The size of a new note. */
export const DEFAULT_NOTE_SIZE = { width: 240, height: 160 } as const;
/** A note is never resized below this, so its text and resize handles stay reachable. */
export const MIN_NOTE_SIZE = { width: 120, height: 60 } as const;

/** What updateNote may change on a note; `color: undefined` goes back to the default colour. */
export type NotePatch = Partial<Pick<StickyNote, "x" | "y" | "width" | "height" | "text">> & {
  color?: NoteColor | undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const finite = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;
const isColor = (value: unknown): value is NoteColor => NOTE_COLORS.includes(value as NoteColor);

/** The raw `ui.notes` entries: a draft edited in the JSON view may hold anything there. */
function rawNotes(doc: Pick<FlowDefinition, "ui">): readonly unknown[] {
  const notes = isRecord(doc.ui) ? doc.ui.notes : undefined;
  return Array.isArray(notes) ? notes : [];
}

/** A stored entry as a note (missing fields get defaults); undefined for an entry without a string id. */
function readNote(entry: unknown): StickyNote | undefined {
  if (!isRecord(entry) || typeof entry.id !== "string" || entry.id === "") return undefined;
  return {
    id: entry.id,
    x: finite(entry.x, 0),
    y: finite(entry.y, 0),
    width: Math.max(MIN_NOTE_SIZE.width, finite(entry.width, DEFAULT_NOTE_SIZE.width)),
    height: Math.max(MIN_NOTE_SIZE.height, finite(entry.height, DEFAULT_NOTE_SIZE.height)),
    text: typeof entry.text === "string" ? entry.text : "",
    ...(isColor(entry.color) ? { color: entry.color } : {}),
  };
}

/** The flow's sticky notes, in stored order; entries that are not notes (no id) are skipped. */
export function notesOf(doc: Pick<FlowDefinition, "ui">): StickyNote[] {
  return rawNotes(doc).flatMap((entry) => readNote(entry) ?? []);
}

/**
 * `doc` with `ui.notes` replaced, every other `ui` field kept; `ui.notes` (and an emptied `ui`) is dropped when no
 * note is left, so adding and removing a note gives back the document's shape.
 */
function withNotes(doc: FlowDefinition, notes: readonly unknown[]): FlowDefinition {
  const { notes: _old, ...ui } = isRecord(doc.ui) ? doc.ui : {};
  if (notes.length > 0) return { ...doc, ui: { ...ui, notes: [...notes] } };
  const { ui: _ui, ...rest } = doc;
  return Object.keys(ui).length > 0 ? { ...rest, ui } : rest;
}

/** Arguments of addNote: where the note's top-left corner goes, and optionally its text, size and colour. */
export interface AddNoteArgs {
  position: Position;
  text?: string;
  width?: number;
  height?: number;
  color?: NoteColor;
}

/**
 * Adds a note at `position` with a fresh id (`note-3`), default size and empty text unless given. Selects it (by
 * its canvas id, see noteCanvasId in note-graph.ts).
 */
export function addNote(doc: FlowDefinition, args: AddNoteArgs): CommandResult {
  const taken = new Set(notesOf(doc).map((n) => n.id));
  const id = freshId("note", taken);
  const note: StickyNote = {
    id,
    x: Math.round(args.position.x),
    y: Math.round(args.position.y),
    width: Math.max(MIN_NOTE_SIZE.width, Math.round(args.width ?? DEFAULT_NOTE_SIZE.width)),
    height: Math.max(MIN_NOTE_SIZE.height, Math.round(args.height ?? DEFAULT_NOTE_SIZE.height)),
    text: args.text ?? "",
    ...(args.color && args.color !== NOTE_COLORS[0] ? { color: args.color } : {}),
  };
  return done(withNotes(doc, [...rawNotes(doc), note]), [`note:${id}`]);
}

/** Whether `patch` leaves the stored entry as it is (so the command makes no history entry). */
function unchanged(entry: Record<string, unknown>, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([key, value]) =>
    value === undefined ? !Object.hasOwn(entry, key) : entry[key] === value,
  );
}

/**
 * Changes one note: its text, position, size or colour. Sizes below MIN_NOTE_SIZE are raised to it; positions and
 * sizes are whole numbers; a non-finite number or an unknown colour is refused. Refuses an unknown note id.
 */
export function updateNote(doc: FlowDefinition, { id, patch }: { id: string; patch: NotePatch }): CommandResult {
  const entries = rawNotes(doc);
  const index = entries.findIndex((entry) => readNote(entry)?.id === id);
  if (index < 0) return refuse(doc, `there is no note "${id}"`);
  const clean: Record<string, unknown> = {};
  for (const key of ["x", "y", "width", "height"] as const) {
    const value = patch[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) return refuse(doc, `a note's ${key} must be a number`);
    const min = key === "width" || key === "height" ? MIN_NOTE_SIZE[key] : Number.NEGATIVE_INFINITY;
    clean[key] = Math.max(min, Math.round(value));
  }
  if (patch.text !== undefined) clean.text = patch.text;
  if (Object.hasOwn(patch, "color")) {
    if (patch.color !== undefined && !isColor(patch.color)) return refuse(doc, `"${patch.color}" is not a note colour`);
    // The default colour is stored as no colour, so choosing it again changes nothing.
    clean.color = patch.color === NOTE_COLORS[0] ? undefined : patch.color;
  }
  const entry = entries[index] as Record<string, unknown>;
  if (unchanged(entry, clean)) return done(doc);
  const next: Record<string, unknown> = { ...entry };
  for (const [key, value] of Object.entries(clean)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return done(
    withNotes(
      doc,
      entries.map((e, i) => (i === index ? next : e)),
    ),
  );
}

/** Removes the notes with these ids; unknown ids are ignored. */
export function removeNotes(doc: FlowDefinition, { ids }: { ids: readonly string[] }): CommandResult {
  const remove = new Set(ids);
  const entries = rawNotes(doc);
  const kept = entries.filter((entry) => {
    const id = readNote(entry)?.id;
    return id === undefined || !remove.has(id);
  });
  return kept.length === entries.length ? done(doc) : done(withNotes(doc, kept));
}

/** Moves notes to new positions (by note id); a note already there, or an unknown id, changes nothing. */
export function moveNotes(
  doc: FlowDefinition,
  { positions }: { positions: Readonly<Record<string, Position>> },
): CommandResult {
  let entries = rawNotes(doc);
  let changed = false;
  entries = entries.map((entry) => {
    const id = readNote(entry)?.id;
    const to = id !== undefined && Object.hasOwn(positions, id) ? positions[id] : undefined;
    if (!to || !Number.isFinite(to.x) || !Number.isFinite(to.y)) return entry;
    const record = entry as Record<string, unknown>;
    const x = Math.round(to.x);
    const y = Math.round(to.y);
    if (record.x === x && record.y === y) return entry;
    changed = true;
    return { ...record, x, y };
  });
  return changed ? done(withNotes(doc, entries)) : done(doc);
}
