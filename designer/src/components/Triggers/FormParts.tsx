/** Parts both trigger forms (schedule, webhook) are made of: a whole-number input and the Cancel / save buttons. */
import type { InputHTMLAttributes } from "react";

/** A number input that only ever reports a whole number of at least 1 (an emptied field reads as 1). */
export function WholeNumberInput({
  value,
  onValue,
  ...aria
}: { value: number; onValue(value: number): void } & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "aria-invalid" | "aria-describedby"
>) {
  return (
    <input
      {...aria}
      type="number"
      min={1}
      value={value}
      onChange={(e) => onValue(Math.max(1, Math.floor(Number(e.target.value)) || 1))}
    />
  );
}

/** The form's footer: Cancel, and the submit button (off while the save is under way). */
export function FormActions({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel(): void }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        {submit}
      </button>
    </div>
  );
}
