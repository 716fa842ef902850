/**
 * Asks before an action that cannot simply be undone (delete a draft, archive a flow type, replace the draft by an
 * old version): says what will happen, focuses Cancel, and shows why the action failed without closing. A native
 * modal dialog (useModalDialog): the page behind is inert, keys stay in it, Escape cancels, focus returns after.
 */
import { type ReactNode, useId, useState } from "react";
import { useModalDialog } from "../../hooks/useModalDialog.js";

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
  // Cancel comes first: the safe default for Enter and the first place focus lands.
  const { ref, onKeyDown } = useModalDialog(onCancel);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
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
    <dialog
      ref={ref}
      className="modal dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={onKeyDown}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={act}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
