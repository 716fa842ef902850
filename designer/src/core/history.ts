/**
 * Undo and redo, and what is selected. The history keeps (before, after) snapshots of the document around each
 * command: commands never change a document, so a snapshot is just a reference, and undo gives back exactly the
 * earlier document. The selection is kept here too, not beside it: ids key the nodes, the edges and the selection,
 * so a command that renames or removes a node must change the selection in the same update (a renamed node that is
 * briefly "not selected" unmounts the inspector the user is typing in). Every function has the shape
 * `(history, ...) -> history`, so `apply` works directly as a React reducer.
 */
import type { FlowDefinition } from "@mfo/schemas";
import type { Selection } from "./command-result.js";
import { type Command, type CommandKind, execute } from "./commands.js";
import {
  allSelected,
  changeSelection,
  NO_SELECTION,
  type SelectionChange,
  sameSelection,
  selectionIn,
} from "./selection.js";

/** How many steps undo goes back by default. */
export const DEFAULT_HISTORY_LIMIT = 200;

/** One undoable step. */
export interface HistoryEntry {
  readonly kind: CommandKind;
  readonly before: FlowDefinition;
  readonly after: FlowDefinition;
  /** For a move: the moved node ids, so the next move of the same nodes can join this entry. */
  readonly moved?: string;
  /** False once sealed: later moves start a new entry. */
  readonly open: boolean;
  /** The selection before and after the step, given back by undo and redo with their documents. */
  readonly selectedBefore: Selection;
  readonly selectedAfter: Selection;
}

/** What the last `apply` did, for the UI: why it was refused, or what to select. */
export interface Outcome {
  readonly kind: CommandKind;
  readonly reason?: string;
  readonly select?: Selection;
}

export interface History {
  /** The current document. */
  readonly present: FlowDefinition;
  /** What is selected in `present`: only ids `present` has. */
  readonly selection: Selection;
  /** Steps undo can revert, oldest first. */
  readonly past: readonly HistoryEntry[];
  /** Steps redo can replay, next first. */
  readonly future: readonly HistoryEntry[];
  readonly limit: number;
  readonly outcome?: Outcome;
}

export interface HistoryOptions {
  /** At most this many undo steps are kept (the oldest are dropped); 200 by default. */
  limit?: number;
}

/** A history whose present is `doc`, with nothing to undo or redo. */
export function createHistory(doc: FlowDefinition, options: HistoryOptions = {}): History {
  const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_HISTORY_LIMIT));
  return { present: doc, selection: NO_SELECTION, past: [], future: [], limit };
}

/** The key of a move: its node ids, in a stable order. */
function moveKey(command: Command): string | undefined {
  return command.kind === "moveNodes" ? JSON.stringify(Object.keys(command.positions).sort()) : undefined;
}

/** `selection` unless it names the same ids as the history's, so an unchanged selection keeps its identity. */
function kept(history: History, selection: Selection): Selection {
  return sameSelection(selection, history.selection) ? history.selection : selection;
}

/**
 * Runs `command` on the present document and records it for undo, clearing redo. A refused command, or one that
 * changes nothing, records nothing (its `outcome` still says why). Consecutive moves of the same nodes join one
 * entry, so undo reverts a whole drag; call `seal` when a drag ends so the next drag is its own step.
 * In the same update the selection becomes what the command selects (what it created, the node it renamed), or
 * else the part of the old selection that still exists.
 */
export function apply(history: History, command: Command): History {
  const result = execute(history.present, command);
  const outcome: Outcome = {
    kind: command.kind,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(result.select === undefined ? {} : { select: result.select }),
  };
  if (result.reason !== undefined || result.doc === history.present) return { ...history, outcome };
  const selection = kept(history, result.select ?? selectionIn(result.doc, history.selection));

  const moved = moveKey(command);
  const last = history.past.at(-1);
  if (moved !== undefined && last?.open && last.moved === moved && history.future.length === 0) {
    const joined: HistoryEntry = { ...last, after: result.doc, selectedAfter: selection };
    return { ...history, present: result.doc, selection, past: [...history.past.slice(0, -1), joined], outcome };
  }
  const entry: HistoryEntry = {
    kind: command.kind,
    before: history.present,
    after: result.doc,
    ...(moved === undefined ? {} : { moved }),
    open: true,
    selectedBefore: history.selection,
    selectedAfter: selection,
  };
  const past = [...history.past, entry].slice(-history.limit);
  return { ...history, present: result.doc, selection, past, future: [], outcome };
}

/**
 * Selects `selection` (only the ids the present document has). Not an undo step. Returns `history` itself when
 * the selection does not change, so a React state holding it does not re-render.
 */
export function select(history: History, selection: Selection): History {
  const next = kept(history, selectionIn(history.present, selection));
  return next === history.selection ? history : { ...history, selection: next };
}

/** Applies toggles of selected nodes and edges (a click, a box selection on the canvas) to the selection. */
export function toggleSelection(history: History, change: SelectionChange): History {
  return select(history, changeSelection(history.selection, change));
}

/** Selects every node and edge of the present document. */
export function selectAll(history: History): History {
  return select(history, allSelected(history.present));
}

/** Closes the last step, so the next move starts a new one (call when a drag ends). */
export function seal(history: History): History {
  const last = history.past.at(-1);
  if (!last?.open) return history;
  return { ...history, past: [...history.past.slice(0, -1), { ...last, open: false }] };
}

/** Whether there is a step to undo. */
export function canUndo(history: History): boolean {
  return history.past.length > 0;
}

/** Whether there is an undone step to redo. */
export function canRedo(history: History): boolean {
  return history.future.length > 0;
}

/** Reverts the last step: the present becomes exactly the document before it. No-op when there is none. */
export function undo(history: History): History {
  const last = history.past.at(-1);
  if (last === undefined) return history;
  const { outcome: _, ...rest } = history;
  return {
    ...rest,
    present: last.before,
    selection: selectionIn(last.before, last.selectedBefore),
    past: history.past.slice(0, -1),
    future: [{ ...last, open: false }, ...history.future],
  };
}

/** Replays the last undone step: the present becomes exactly the document after it. No-op when there is none. */
export function redo(history: History): History {
  const next = history.future[0];
  if (next === undefined) return history;
  const { outcome: _, ...rest } = history;
  return {
    ...rest,
    present: next.after,
    selection: selectionIn(next.after, next.selectedAfter),
    past: [...history.past, next],
    future: history.future.slice(1),
  };
}
