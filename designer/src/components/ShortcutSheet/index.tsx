/**
 * The keyboard shortcut sheet (opened with `?`): every shortcut of the editor, grouped, in a modal dialog that
 * keeps focus inside, closes with Escape, its Close button or a click outside, and gives focus back.
 */
import { useModalDialog } from "../../hooks/useModalDialog.js";
import { SHORTCUT_GROUP_TITLES, SHORTCUT_GROUPS, SHORTCUTS, type Shortcut } from "./shortcuts.js";
import "./shortcut-sheet.css";

export { SHORTCUT_GROUPS, SHORTCUTS, type Shortcut, type ShortcutGroup } from "./shortcuts.js";

export interface ShortcutSheetProps {
  onClose(): void;
  /** The rows to list; every shortcut of the editor by default. */
  shortcuts?: readonly Shortcut[];
}

function Keys({ keys }: { keys: Shortcut["keys"] }) {
  return (
    <>
      {keys.map((combo, i) => (
        <span key={combo.join("+")} className="shortcut-combo">
          {i > 0 ? <span className="shortcut-or"> or </span> : null}
          {combo.map((key, j) => (
            <span key={key}>
              {j > 0 ? "+" : null}
              <kbd>{key}</kbd>
            </span>
          ))}
        </span>
      ))}
    </>
  );
}

export function ShortcutSheet({ onClose, shortcuts = SHORTCUTS }: ShortcutSheetProps) {
  const { ref, onKeyDown: onDialogKeyDown } = useModalDialog(onClose);
  return (
    <dialog
      ref={ref}
      onKeyDown={onDialogKeyDown}
      className="modal shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
    >
      <div className="modal-header">
        <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="help">On macOS, Ctrl is ⌘ (Cmd).</p>
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => {
          const rows = shortcuts.filter((s) => s.group === group);
          if (rows.length === 0) return null;
          return (
            <section key={group} aria-labelledby={`shortcuts-${group}`}>
              <h3 id={`shortcuts-${group}`}>{SHORTCUT_GROUP_TITLES[group]}</h3>
              <dl className="shortcut-list">
                {rows.map((row) => (
                  <div key={`${row.action}`} className="shortcut-row">
                    <dt>
                      <Keys keys={row.keys} />
                    </dt>
                    <dd>{row.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
      </div>
    </dialog>
  );
}
