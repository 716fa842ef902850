/**
 * The editor's keyboard shortcuts, as data (EDITOR_SHORTCUTS: what the shortcut sheet lists) and as the window
 * listener that runs them. Keys typed into a field are the field's, except Ctrl+S, which saves from anywhere so the
 * browser's "save page" dialog never opens over the editor.
 */
import { useEffect, useRef } from "react";
import { copyFragment, DUPLICATE_OFFSET, type Fragment } from "../../core/index.js";
import type { EditorState } from "../../hooks/useEditor.js";

/** What a shortcut does. */
export type ShortcutAction =
  | "undo"
  | "redo"
  | "selectAll"
  | "copy"
  | "paste"
  | "duplicate"
  | "delete"
  | "save"
  | "multiSelect";

/** One shortcut: the keys that trigger it ("Ctrl" is ⌘ on a Mac) and what it does, in words for the sheet. */
export interface EditorShortcut {
  readonly action: ShortcutAction;
  /** Each entry is one way to trigger it, modifiers first: "Ctrl+Shift+Z". */
  readonly keys: readonly string[];
  readonly description: string;
  /** Also while typing in a field. */
  readonly inFields?: boolean;
  /** Handled by the canvas itself (React Flow), listed here so the sheet shows it. */
  readonly canvas?: boolean;
}

/** Every editor shortcut, in the order a shortcut sheet lists them. */
export const EDITOR_SHORTCUTS: readonly EditorShortcut[] = [
  { action: "undo", keys: ["Ctrl+Z"], description: "Undo" },
  { action: "redo", keys: ["Ctrl+Shift+Z", "Ctrl+Y"], description: "Redo" },
  { action: "selectAll", keys: ["Ctrl+A"], description: "Select all nodes and edges" },
  { action: "multiSelect", keys: ["Shift+Drag"], description: "Select the nodes in a box", canvas: true },
  { action: "copy", keys: ["Ctrl+C"], description: "Copy the selected nodes" },
  { action: "paste", keys: ["Ctrl+V"], description: "Paste the copied nodes" },
  { action: "duplicate", keys: ["Ctrl+D"], description: "Duplicate the selected nodes" },
  { action: "delete", keys: ["Delete", "Backspace"], description: "Delete the selection", canvas: true },
  { action: "save", keys: ["Ctrl+S"], description: "Save the draft now", inFields: true },
];

/** Whether a keydown is `key` ("Ctrl+Shift+Z", "Delete"): exactly these modifiers, Ctrl or ⌘ alike. */
export function shortcutMatches(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">,
  key: string,
): boolean {
  const parts = key.split("+");
  const name = parts.pop() ?? "";
  const wants = new Set(parts);
  return (
    event.key.toLowerCase() === name.toLowerCase() &&
    (event.ctrlKey || event.metaKey) === wants.has("Ctrl") &&
    event.shiftKey === wants.has("Shift") &&
    event.altKey === wants.has("Alt")
  );
}

/** The listed shortcut a keydown triggers (not the canvas's own), if any. */
function shortcutFor(event: KeyboardEvent): EditorShortcut | undefined {
  return EDITOR_SHORTCUTS.find((s) => !s.canvas && s.keys.some((key) => shortcutMatches(event, key)));
}

/**
 * Listens on the window while mounted. A read-only editor does not paste, duplicate or save; `saveNow` saves the
 * pending draft at once.
 */
export function useEditorShortcuts(editor: EditorState, readOnly: boolean, saveNow?: () => void): void {
  // What was copied: in the editor, not the system clipboard, so a fragment keeps its nodes' ids and positions.
  const clipboard = useRef<Fragment | undefined>(undefined);
  const { selection } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (shortcut === undefined) return;
      const target = event.target as HTMLElement;
      if (!shortcut.inFields && target.closest?.("input, textarea, select, [contenteditable]")) return;
      const act = (run: () => void) => {
        event.preventDefault();
        run();
      };
      switch (shortcut.action) {
        case "undo":
          return act(editor.undo);
        case "redo":
          return act(editor.redo);
        case "selectAll":
          return act(editor.selectAll);
        case "save":
          // The browser's save dialog is prevented even when there is nothing to save.
          return act(() => (readOnly ? undefined : saveNow?.()));
        case "copy":
          // Not prevented: the system clipboard still gets any selected text.
          if (selection.nodes.length > 0) clipboard.current = copyFragment(editor.latest.current, selection.nodes);
          return;
        case "paste":
          if (clipboard.current && !readOnly) {
            const fragment = clipboard.current;
            act(() => editor.run({ kind: "paste", fragment, offset: DUPLICATE_OFFSET }));
          }
          return;
        case "duplicate":
          if (selection.nodes.length > 0 && !readOnly)
            act(() => editor.run({ kind: "duplicate", ids: selection.nodes }));
          return;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editor, selection.nodes, readOnly, saveNow]);
}
