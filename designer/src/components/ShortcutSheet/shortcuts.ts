/**
 * Every keyboard and mouse shortcut of the editor, as data: the shortcut sheet lists these rows, grouped.
 * TODO(merge): Ctrl+A and Ctrl+S are implemented by useEditorShortcuts (Editor folder); once that exports its own
 * list (EDITOR_SHORTCUTS), the editing and selection rows below should come from it so the two never drift.
 */

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

/** "Ctrl" is Cmd (⌘) on macOS for every row that names it; the sheet says so. */
export const SHORTCUTS: readonly Shortcut[] = [
  { group: "editing", keys: [["Ctrl", "Z"]], action: "Undo" },
  {
    group: "editing",
    keys: [
      ["Ctrl", "Shift", "Z"],
      ["Ctrl", "Y"],
    ],
    action: "Redo",
  },
  { group: "editing", keys: [["Ctrl", "C"]], action: "Copy the selected nodes" },
  { group: "editing", keys: [["Ctrl", "V"]], action: "Paste" },
  { group: "editing", keys: [["Ctrl", "D"]], action: "Duplicate the selected nodes" },
  { group: "editing", keys: [["Delete"], ["Backspace"]], action: "Delete the selection" },
  { group: "editing", keys: [["Ctrl", "S"]], action: "Save the draft now" },
  { group: "selection", keys: [["Click"]], action: "Select a node, edge or note" },
  { group: "selection", keys: [["Ctrl", "Click"]], action: "Add to or remove from the selection" },
  { group: "selection", keys: [["Shift", "Drag"]], action: "Select everything in a box" },
  { group: "selection", keys: [["Ctrl", "A"]], action: "Select all nodes" },
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
