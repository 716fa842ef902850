/**
 * One field of a schema form: picks the control for the field's kind (or the expression editor when the value
 * is an "=" expression), frames it with label, help and errors, and renders children through itself.
 */
import { expressionMessage } from "../ExpressionField/expression-status.js";
import { ExpressionField } from "../ExpressionField/index.js";
import { SecretPicker, useSecretNames, withSecret } from "../SecretPicker/index.js";
import { dynamicFromText, expressionText, isExpressionMode, toggleExpression } from "./dynamic-value.js";
import { ExpressionToggle, FieldShell, frameDescribedBy } from "./FieldFrame.js";
import type { FieldEnv, FieldFrame, RenderChild } from "./field-env.js";
import { errorsAt } from "./field-errors.js";
import { fieldId, partId } from "./field-ids.js";
import type { FieldModel } from "./field-model.js";
import { displayModel } from "./field-value.js";
import { textOf, textValue } from "./input-value.js";
import { JsonTextInput } from "./JsonTextInput.js";
import { ListField } from "./ListField.js";
import { MapField } from "./MapField.js";
import { ObjectField } from "./ObjectField.js";
import { ScalarInput } from "./ScalarInput.js";

export interface FieldProps {
  model: FieldModel;
  value: unknown;
  /** Receives the new value; undefined removes it. */
  onChange(value: unknown): void;
  env: FieldEnv;
}

/**
 * Text fields that may instead read a secret (as an "=" expression). A field that is itself a JSONata expression
 * (a transform's) gets no picker: only "=" params are resolved for the handler call, anything else would put the
 * value in the context, and validation refuses it (secret-not-allowed).
 */
const SECRET_KINDS = new Set(["text", "textarea", "url"]);

/** The field of `model` showing `value`. */
export function Field({ model, value, onChange, env }: FieldProps) {
  const id = fieldId(env.idPrefix, model.pointer);
  const expression = env.expressions && isExpressionMode(model, value);
  const shown = displayModel(model, value);
  const secretNames = useSecretNames();
  const secretPicker =
    env.expressions && secretNames && (expression || (model.dynamicAllowed && SECRET_KINDS.has(shown.kind))) ? (
      <SecretPicker
        label={model.label}
        names={secretNames}
        disabled={env.disabled}
        onPick={(name) => onChange(withSecret(value, name))}
      />
    ) : null;
  // The expression editor shows its own syntax error (with line and column): validation's copy would repeat it.
  const editorText = expression ? expressionText(value) : shown.kind === "expression" ? textOf(value) : undefined;
  const frame: FieldFrame = {
    id,
    messages: errorsAt(env.errors, model.pointer, editorText !== undefined && expressionMessage(editorText) !== null),
    toggle: (
      <>
        {env.expressions && model.dynamicAllowed ? (
          <ExpressionToggle
            id={partId(id, "fx")}
            label={model.label}
            active={expression}
            disabled={env.disabled}
            onToggle={() => onChange(toggleExpression(model, value))}
          />
        ) : null}
        {secretPicker}
      </>
    ),
  };
  const renderChild: RenderChild = (child, childValue, childChange) => (
    <Field key={child.pointer} model={child} value={childValue} onChange={childChange} env={env} />
  );
  const invalid = frame.messages.length > 0;
  const describedBy = frameDescribedBy(model, frame);

  if (expression) {
    return (
      <FieldShell model={model} frame={frame}>
        <ExpressionField
          id={id}
          value={expressionText(value)}
          onChange={(text) => onChange(dynamicFromText(text))}
          describedBy={describedBy}
          invalid={invalid}
          disabled={env.disabled}
        />
      </FieldShell>
    );
  }

  const container = { model: shown, value, onChange, env, frame, renderChild };
  if (shown.kind === "object") return <ObjectField {...container} />;
  if (shown.kind === "list") return <ListField {...container} />;
  if (shown.kind === "map") return <MapField {...container} />;

  const control = { model: shown, id, value, onChange, describedBy, invalid, disabled: env.disabled };
  return (
    <FieldShell model={shown} frame={frame}>
      {shown.kind === "expression" ? (
        <ExpressionField
          id={id}
          value={textOf(value)}
          onChange={(text) => onChange(textValue(shown, text))}
          describedBy={describedBy}
          invalid={invalid}
          disabled={env.disabled}
          required={shown.required}
          placeholder={shown.placeholder}
          minRows={2}
        />
      ) : shown.kind === "json" || shown.kind === "json-schema" ? (
        <JsonTextInput {...control} />
      ) : (
        <ScalarInput {...control} />
      )}
    </FieldShell>
  );
}
