/**
 * SchemaForm: a form generated from a JSON Schema (the catalogue's params schemas), editing a JSON value. The
 * decisions live in plain modules beside it (field-model, field-value, dynamic-value, field-errors, input-value,
 * json-text, collection-edits, value-pointer), tested without a DOM; the components only wire them up.
 */
import { useMemo } from "react";
import { Field } from "./Field.js";
import type { FieldEnv } from "./field-env.js";
import { assignErrors, collectFieldPointers, type FieldError } from "./field-errors.js";
import { buildFieldModel, type JsonSchema } from "./field-model.js";

export type { FieldError } from "./field-errors.js";
export { relativeErrors } from "./field-errors.js";
export type { JsonSchema } from "./field-model.js";

export interface SchemaFormProps {
  schema: JsonSchema;
  value: unknown;
  /** Receives the whole new value (never mutated in place). */
  onChange(value: unknown): void;
  /** Problems with JSON pointers relative to `value`, e.g. `relativeErrors(validateFlow(...).errors, "/nodes/3/params")`. */
  errors?: readonly FieldError[];
  /** Prefix of every element id: an input's id is the prefix plus its field's pointer. */
  idPrefix: string;
  disabled?: boolean;
  /** Offer the "ƒx" switch to "=" expressions (default true; false for plain data such as an instance's input). */
  expressions?: boolean;
}

/** Renders `schema` as a form over `value`; each input is labelled, described and shows its errors. */
export function SchemaForm({ schema, value, onChange, errors, idPrefix, disabled, expressions }: SchemaFormProps) {
  const model = useMemo(() => buildFieldModel(schema, { required: true, toggle: false }), [schema]);
  const env = useMemo<FieldEnv>(
    () => ({
      idPrefix,
      disabled: disabled === true,
      errors: assignErrors(errors ?? [], collectFieldPointers(model, value)),
      expressions: expressions !== false,
    }),
    [idPrefix, disabled, errors, model, value, expressions],
  );
  return (
    <div className="mfo-schema-form">
      <Field model={model} value={value} onChange={onChange} env={env} />
    </div>
  );
}
