/**
 * ExpressionField: a monospace editor for one JSONata expression that reports the parse error, with its
 * position, as the expression is typed. The logic lives in expression-status.ts; this stays a thin wrapper.
 */
import { expressionMessage, expressionRows } from "./expression-status.js";

export interface ExpressionFieldProps {
  /** The textarea's id (a label elsewhere may point at it). */
  id: string;
  /** The JSONata text (without any "=" prefix). */
  value: string;
  onChange(value: string): void;
  /** Renders a `<label for>` above the editor when given. */
  label?: string;
  /** Ids of help texts or messages outside the editor that describe it. */
  describedBy?: string;
  disabled?: boolean;
  /** Marks the editor invalid for a problem reported elsewhere (e.g. by validateFlow). */
  invalid?: boolean;
  required?: boolean;
  placeholder?: string;
  /** Fewest rows shown; the editor grows with the expression's lines. */
  minRows?: number;
}

const editorStyle = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", width: "100%" };

/** A JSONata editor that shows `checkExpression`'s message (role="alert") while the text does not parse. */
export function ExpressionField(props: ExpressionFieldProps) {
  const { id, value, onChange, label, describedBy, disabled, invalid, required, placeholder, minRows } = props;
  const message = expressionMessage(value);
  const messageId = `${id}:parse-error`;
  const described = [describedBy, message === null ? undefined : messageId].filter(Boolean).join(" ");
  return (
    <div className="mfo-expression-field">
      {label === undefined ? null : <label htmlFor={id}>{label}</label>}
      <textarea
        id={id}
        className="mfo-expression-field__input"
        style={editorStyle}
        value={value}
        rows={expressionRows(value, minRows)}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        disabled={disabled}
        required={required}
        placeholder={placeholder}
        aria-invalid={message !== null || invalid === true}
        aria-describedby={described === "" ? undefined : described}
        onChange={(event) => onChange(event.target.value)}
      />
      {message === null ? null : (
        <p id={messageId} className="mfo-expression-field__error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
