/**
 * Every keyboard and mouse shortcut of the editor, as data: the shortcut sheet lists these rows, grouped. The keys the
 * editor itself handles come from EDITOR_SHORTCUTS (the list its key listener runs), so the sheet and the keys never
 * drift; the rows added here are React Flow's own gestures, the dialogs' keys and the notes'.
 */
import { EDITOR_SHORTCUTS, type ShortcutAction } from "../Editor/useEditorShortcuts.js";

/** The groups of the sheet, in the order it shows them. */
export const SHORTCUT_GROUPS = ["editing", "selection", "view", "canvas"] as const;
export type ShortcutGroup = (typeof SHORTCUT_GROUPS)[number];

export const SHORTCUT_GROUP_TITLES: Record<ShortcutGroup, string> = {
  editing: "Editing",
  selection: "Selection",
  view: "View",
  canvas: "Canvas and notes",
};

/** One row of the sheet: alternative key combinations (each a list of keys pressed together) and what they do. */
export interface Shortcut {
  group: ShortcutGroup;
  keys: readonly (readonly string[])[];
  action: string;
}

/** Where each of the editor's own shortcuts is listed. */
const GROUP_OF: Record<ShortcutAction, ShortcutGroup> = {
  undo: "editing",
  redo: "editing",
  copy: "editing",
  paste: "editing",
  duplicate: "editing",
  delete: "editing",
  save: "editing",
  selectAll: "selection",
  multiSelect: "selection",
};

/** The editor's own shortcuts as sheet rows: "Ctrl+Shift+Z" becomes the keys Ctrl, Shift, Z. */
const EDITOR_ROWS: readonly Shortcut[] = EDITOR_SHORTCUTS.map((s) => ({
  group: GROUP_OF[s.action],
  keys: s.keys.map((key) => key.split("+")),
  action: s.description,
}));

/** "Ctrl" is Cmd (⌘) on a Mac for every row that names it; the sheet says so. */
export const SHORTCUTS: readonly Shortcut[] = [
  ...EDITOR_ROWS,
  { group: "selection", keys: [["Click"]], action: "Select a node, edge or note" },
  { group: "selection", keys: [["Ctrl", "Click"]], action: "Add to or remove from the selection" },
  { group: "view", keys: [["Ctrl", "K"]], action: "Command palette: add, find, run, publish" },
  { group: "view", keys: [["?"]], action: "Show these shortcuts" },
  { group: "view", keys: [["Scroll"]], action: "Zoom in and out" },
  { group: "view", keys: [["Drag"]], action: "Pan (drag the empty canvas)" },
  { group: "view", keys: [["Esc"]], action: "Close a dialog" },
  { group: "canvas", keys: [["Drag"]], action: "Move nodes and notes" },
  { group: "canvas", keys: [["Drag handle"]], action: "Connect two nodes (from a node's right edge)" },
  { group: "canvas", keys: [["Double-click"]], action: "Edit a sticky note (markdown)" },
  { group: "canvas", keys: [["Ctrl", "Enter"]], action: "Finish editing a note" },
  { group: "canvas", keys: [["Esc"]], action: "Stop editing a note without saving" },
];
