/**
 * The run view's confirmation of an operator's action that cannot be undone (approve, reject, cancel): it names
 * what is acted on, takes an optional comment or reason that the instance's history keeps, and acts only on its
 * confirm button. Escape or the dismiss button closes it without acting.
 */
import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useState } from "react";

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
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <div className="dialog-backdrop">
      {/* The dialog is a div around the form: a form may not take the dialog role (axe: aria-allowed-role). */}
      <div
        className="dialog"
        role="dialog"
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
            // biome-ignore lint/a11y/noAutofocus: focus moves into the modal dialog that just opened, as dialogs do
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
      </div>
    </div>
  );
}
