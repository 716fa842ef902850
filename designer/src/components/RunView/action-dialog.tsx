/**
 * The run view's confirmation of an operator's action that cannot be undone (approve, reject, cancel): it names
 * what is acted on, takes an optional comment or reason that the instance's history keeps, and acts only on its
 * confirm button. Escape or the dismiss button closes it without acting. A native modal dialog (useModalDialog): the
 * page behind is inert, keys stay in it, and focus returns to the button that opened it.
 */
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useModalDialog } from "../../hooks/useModalDialog.js";

export interface ActionDialogProps {
  /** The dialog's heading, e.g. "Approve Architect sign-off". */
  title: string;
  /** What is acted on: the flow and the instance. */
  subject: ReactNode;
  /** The text field's label, e.g. "Comment (optional)". */
  fieldLabel: string;
  /** Help under the field (a reject asks for a reason the requester can act on). */
  hint?: string;
  /** The confirm button's text, e.g. "Approve". */
  confirm: string;
  /** The dismiss button's text, e.g. "Back". */
  dismiss: string;
  /** Shows the confirm button as destructive (reject, cancel). */
  danger?: boolean;
  /** Called with the trimmed text ("" when none) once the operator confirms. */
  onConfirm(text: string): void;
  onClose(): void;
}

/** Comments and reasons are kept in the history; the API takes at most this many characters. */
const MAX_TEXT = 2000;

export function ActionDialog(props: ActionDialogProps) {
  const { title, subject, fieldLabel, hint, confirm, dismiss, danger, onConfirm, onClose } = props;
  const [text, setText] = useState("");
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(text.trim());
  };
  const { ref, onKeyDown } = useModalDialog(onClose);
  return (
    // The dialog wraps the form: a form may not take the dialog role (axe: aria-allowed-role).
    <dialog
      ref={ref}
      className="modal dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-subject`}
      onKeyDown={onKeyDown}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-subject`} className="dialog-subject">
        {subject}
      </p>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-text`}>{fieldLabel}</label>
        <textarea
          id={`${id}-text`}
          className="dialog-text"
          rows={3}
          maxLength={MAX_TEXT}
          value={text}
          // The dialog opened for this field: typing starts at once.
          autoFocus
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        {hint ? (
          <p id={`${id}-hint`} className="help">
            {hint}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {dismiss}
          </button>
          <button type="submit" className={danger ? "danger" : "primary"}>
            {confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
