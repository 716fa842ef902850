/**
 * The frame around every field: a `<label for>` (or a fieldset legend for fields made of several inputs), the
 * description as help text, the field's error messages (role="alert") and the ƒx expression toggle. Ids of
 * help and errors are derived from the input's id so that inputs can name them in `aria-describedby`.
 */
import type { ReactNode } from "react";
import type { FieldFrame } from "./field-env.js";
import { describedBy, partId } from "./field-ids.js";
import type { FieldModel } from "./field-model.js";

/** The `aria-describedby` of a field's input: its help text and its messages, when shown. */
export function frameDescribedBy(model: FieldModel, frame: FieldFrame): string | undefined {
  return describedBy(
    model.description !== undefined && partId(frame.id, "help"),
    frame.messages.length > 0 && partId(frame.id, "error"),
  );
}

function RequiredMark({ required }: { required: boolean }) {
  return required ? (
    <span className="mfo-field__required" aria-hidden="true">
      {" *"}
    </span>
  ) : null;
}

function HelpAndMessages({ model, frame }: { model: FieldModel; frame: FieldFrame }) {
  return (
    <>
      {model.description === undefined ? null : (
        <p id={partId(frame.id, "help")} className="mfo-field__help">
          {model.description}
        </p>
      )}
      {frame.messages.length === 0 ? null : (
        <div id={partId(frame.id, "error")} className="mfo-field__errors">
          {frame.messages.map((message) => (
            <p key={message} className="mfo-field__error" role="alert">
              {message}
            </p>
          ))}
        </div>
      )}
    </>
  );
}

/** A field with one input, whose id is `frame.id`. */
export function FieldShell({ model, frame, children }: { model: FieldModel; frame: FieldFrame; children: ReactNode }) {
  return (
    <div className={`mfo-field mfo-field--${model.kind}`} data-pointer={model.pointer}>
      <div className="mfo-field__head">
        <label htmlFor={frame.id}>
          {model.label}
          <RequiredMark required={model.required} />
        </label>
        {frame.toggle}
      </div>
      {children}
      <HelpAndMessages model={model} frame={frame} />
    </div>
  );
}

/** A field made of several inputs (object, list, map): a fieldset named by its legend. */
export function GroupShell({ model, frame, children }: { model: FieldModel; frame: FieldFrame; children: ReactNode }) {
  return (
    <fieldset
      id={frame.id}
      className={`mfo-field mfo-field--${model.kind}`}
      data-pointer={model.pointer}
      aria-describedby={frameDescribedBy(model, frame)}
      aria-invalid={frame.messages.length > 0 || undefined}
    >
      <legend>
        {model.label}
        <RequiredMark required={model.required} />
      </legend>
      {frame.toggle}
      <HelpAndMessages model={model} frame={frame} />
      {children}
    </fieldset>
  );
}

/** The root of a form: its fields without a frame, and the errors no field below claims. */
export function RootShell({ frame, children }: { frame: FieldFrame; children: ReactNode }) {
  return (
    <div id={frame.id} className="mfo-schema-form__root">
      {frame.messages.length === 0 ? null : (
        <div id={partId(frame.id, "error")} className="mfo-field__errors">
          {frame.messages.map((message) => (
            <p key={message} className="mfo-field__error" role="alert">
              {message}
            </p>
          ))}
        </div>
      )}
      {children}
    </div>
  );
}

export interface ExpressionToggleProps {
  id: string;
  label: string;
  active: boolean;
  disabled: boolean;
  onToggle(): void;
}

/**
 * The "ƒx" button that switches a value between a literal and an "=" expression. Its accessible name starts with
 * the visible "ƒx" (WCAG 2.5.3, label in name: speech users say what they see) and then says what it does.
 */
export function ExpressionToggle({ id, label, active, disabled, onToggle }: ExpressionToggleProps) {
  return (
    <button
      id={id}
      type="button"
      className="mfo-field__fx"
      aria-pressed={active}
      aria-label={`ƒx expression for ${label}`}
      title={active ? "Use a fixed value" : "Use an expression (evaluated at run time)"}
      disabled={disabled}
      onClick={onToggle}
    >
      ƒx
    </button>
  );
}
