/** The confirmation of an operator's action in the run view (approve, reject, cancel). */
import { ActionDialog } from "./action-dialog.js";

/** An action awaiting the operator's confirmation: a decision on an approval node, or cancelling the instance. */
export type Asking = { kind: "approve" | "reject"; node: string } | { kind: "cancel" };

/** The confirmation of an approve, a reject or a cancel: what each says, asks for and calls its button. */
export function ConfirmAction(props: {
  asking: Asking;
  label: string;
  subject: string;
  onConfirm(text: string): void;
  onClose(): void;
}) {
  const { asking, label, subject, onConfirm, onClose } = props;
  if (asking.kind === "cancel")
    return (
      <ActionDialog
        title="Cancel this instance?"
        subject={`${subject}. It stops for good: a cancelled instance cannot be resumed.`}
        fieldLabel="Reason (optional)"
        hint="Kept in the history with your name."
        confirm="Cancel instance"
        dismiss="Keep running"
        danger
        onConfirm={onConfirm}
        onClose={onClose}
      />
    );
  const approve = asking.kind === "approve";
  return (
    <ActionDialog
      title={`${approve ? "Approve" : "Reject"} ${label}`}
      subject={subject}
      fieldLabel="Comment (optional)"
      hint={
        approve
          ? "Kept in the history with your name."
          : "Say why, so whoever asked knows what to change; kept in the history with your name."
      }
      confirm={approve ? "Approve" : "Reject"}
      dismiss="Back"
      danger={!approve}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
