/**
 * The editor's keyboard shortcuts: undo/redo, copy/paste and duplicate of the selected nodes (select all and delete
 * are React Flow's own). Keys typed into a field are the field's.
 */
import { useEffect, useRef } from "react";
import { copyFragment, DUPLICATE_OFFSET, type Fragment } from "../../core/index.js";
import type { EditorState } from "../../hooks/useEditor.js";

/** Listens on the window while mounted; a read-only editor does not paste. */
export function useEditorShortcuts(editor: EditorState, readOnly: boolean): void {
  // What was copied: in the editor, not the system clipboard, so a fragment keeps its nodes' ids and positions.
  const clipboard = useRef<Fragment | undefined>(undefined);
  const { selection } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]")) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "z") {
        event.preventDefault();
        if (event.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && event.key.toLowerCase() === "y") {
        event.preventDefault();
        editor.redo();
      } else if (mod && event.key.toLowerCase() === "c" && selection.nodes.length > 0) {
        clipboard.current = copyFragment(editor.latest.current, selection.nodes);
      } else if (mod && event.key.toLowerCase() === "v" && clipboard.current && !readOnly) {
        event.preventDefault();
        editor.run({ kind: "paste", fragment: clipboard.current, offset: DUPLICATE_OFFSET });
      } else if (mod && event.key.toLowerCase() === "d" && selection.nodes.length > 0) {
        event.preventDefault();
        editor.run({ kind: "duplicate", ids: selection.nodes });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editor, selection.nodes, readOnly]);
}
