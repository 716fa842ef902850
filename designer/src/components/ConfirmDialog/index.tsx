/**
 * Asks before an action that cannot simply be undone (delete a draft, archive a flow type, replace the draft by an
 * old version): says what will happen, focuses Cancel, and shows why the action failed without closing.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

export interface ConfirmDialogProps {
  /** The question, e.g. "Delete the draft of “Scratch”?". */
  title: string;
  /** What the action does and what stays. */
  children?: ReactNode;
  /** The confirming button's label, e.g. "Delete draft". */
  confirm: string;
  /** Styles the confirming button as destructive. */
  danger?: boolean;
  /** The action; the dialog stays open, saying why, when it rejects. */
  onConfirm(): Promise<void> | void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirm, danger, onConfirm, onCancel }: ConfirmDialogProps) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  // Cancel is the safe default for Enter and the first place focus lands.
  useEffect(() => cancel.current?.focus(), []);
  const act = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onConfirm();
    } catch (e) {
      setFailure((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        {failure ? (
          <p role="alert" className="error">
            {failure}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={act}>
            {confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
