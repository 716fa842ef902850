/**
 * The node types an architect can add, straight from the schemas package's registry (never a second list).
 * Drag one onto the canvas, or press its button to add it in view.
 */
import { type NodeType, nodeTypes } from "@mfo/schemas";

export const DRAG_TYPE = "application/x-mfo-node-type";

export interface PaletteProps {
  onAdd(type: NodeType): void;
  /** Adds a sticky note in view; the note button shows only when given. */
  onAddNote?(): void;
  disabled?: boolean;
}

export function Palette({ onAdd, onAddNote, disabled }: PaletteProps) {
  return (
    <aside className="palette" aria-label="Node types">
      <h2>Add</h2>
      <ul>
        {nodeTypes.map((t) => (
          <li key={t.type}>
            <button
              type="button"
              className={`palette-item palette-${t.type}`}
              draggable={!disabled}
              disabled={disabled}
              title={t.description}
              onDragStart={(event) => {
                event.dataTransfer.setData(DRAG_TYPE, t.type);
                event.dataTransfer.effectAllowed = "move";
              }}
              onClick={() => onAdd(t.type)}
            >
              {t.title}
            </button>
          </li>
        ))}
      </ul>
      {onAddNote ? (
        <button type="button" className="palette-item palette-note" disabled={disabled} onClick={onAddNote}>
          Sticky note
        </button>
      ) : null}
    </aside>
  );
}
