/**
 * A sticky note on the canvas (a React Flow node of type `note`): markdown shown rendered, edited in a textarea on
 * double-click (or its Edit button), resized with React Flow's NodeResizer, recoloured from its toolbar. Every
 * change is one editing command (updateNote), so it is undoable and autosaved with the draft's `ui.notes`.
 */
import { type NodeProps, NodeResizer, type OnResizeEnd } from "@xyflow/react";
import { type KeyboardEvent, memo, useCallback, useState } from "react";
import { type Command, MIN_NOTE_SIZE, NOTE_COLORS, type NoteNodeData } from "../../core/index.js";
import { Markdown } from "./Markdown.js";
import "./sticky-note.css";

export { Markdown, type MarkdownProps } from "./Markdown.js";

/** What the canvas gives a note: the note, and how to change it (none when read-only). */
export type StickyNoteData = NoteNodeData & { onCommand?: ((command: Command) => void) | undefined };

function StickyNoteViewImpl({ data, selected }: NodeProps) {
  const { note, onCommand } = data as StickyNoteData;
  const editable = onCommand !== undefined;
  // The text being typed: committed on blur or Ctrl+Enter, so one edit is one undo step, not one per keystroke.
  const [draft, setDraft] = useState<string | undefined>();
  const editing = draft !== undefined;
  const update = (patch: Extract<Command, { kind: "updateNote" }>["patch"]) =>
    onCommand?.({ kind: "updateNote", id: note.id, patch });

  // Stable: React Flow rebuilds its resizer when this callback changes, which would drop a resize in progress.
  const onResizeEnd = useCallback<OnResizeEnd>(
    (_event, box) =>
      onCommand?.({
        kind: "updateNote",
        id: note.id,
        patch: { x: box.x, y: box.y, width: box.width, height: box.height },
      }),
    [note.id, onCommand],
  );

  const commit = () => {
    if (draft !== undefined && draft !== note.text) update({ text: draft });
    setDraft(undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Keys typed here are the note's: React Flow and the editor's shortcuts must not see them.
    event.stopPropagation();
    if (event.key === "Escape") setDraft(undefined);
    else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) commit();
  };

  const color = note.color ?? NOTE_COLORS[0];
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is the mouse's shortcut; the Edit button is the keyboard's
    <div
      className={`sticky-note sticky-note-${color}${selected ? " selected" : ""}`}
      data-testid={`note-${note.id}`}
      onDoubleClick={(event) => {
        if (!editable || editing) return;
        event.stopPropagation();
        setDraft(note.text);
      }}
    >
      <NodeResizer
        isVisible={editable && selected === true}
        minWidth={MIN_NOTE_SIZE.width}
        minHeight={MIN_NOTE_SIZE.height}
        onResizeEnd={onResizeEnd}
      />
      {editable && selected && !editing ? (
        <div className="sticky-note-toolbar nodrag">
          <button type="button" className="quiet" onClick={() => setDraft(note.text)}>
            Edit
          </button>
          {NOTE_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              className={`sticky-note-swatch sticky-note-${c}`}
              aria-label={`Colour ${c}`}
              aria-pressed={c === color}
              title={c}
              onClick={() => update({ color: c })}
            />
          ))}
        </div>
      ) : null}
      {editing ? (
        <textarea
          className="sticky-note-editor nodrag nowheel"
          aria-label="Note text (markdown)"
          // biome-ignore lint/a11y/noAutofocus: the user asked to edit this note; the text box is where they type
          autoFocus
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
      ) : (
        <div className="sticky-note-body nowheel">
          {note.text.trim() === "" ? (
            <p className="sticky-note-placeholder">{editable ? "Double-click to write (markdown)" : "Empty note"}</p>
          ) : (
            <Markdown text={note.text} />
          )}
        </div>
      )}
    </div>
  );
}

/** The canvas node of a sticky note. */
export const StickyNoteView = memo(StickyNoteViewImpl);
