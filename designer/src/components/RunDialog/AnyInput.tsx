/** The input of a flow without an input schema: one JSON text field for the whole input object. */
import { useState } from "react";
import { type FieldError, SchemaForm } from "../SchemaForm/index.js";

const ANY_INPUT = {
  title: "Input (JSON object)",
  description: "This flow declares no input fields; expressions read what you pass here as input.<name>.",
};

/**
 * The input of a flow without input schema, as JSON text. It keeps what is typed (an emptied editor stays
 * empty) and hands the dialog an object to send, {} for nothing.
 */
export function AnyInput({
  onChange,
  errors,
}: {
  onChange(value: Record<string, unknown>): void;
  errors: FieldError[];
}) {
  const [typed, setTyped] = useState<unknown>({});
  const change = (v: unknown) => {
    setTyped(v);
    onChange((v ?? {}) as Record<string, unknown>);
  };
  return (
    <SchemaForm
      schema={ANY_INPUT}
      value={typed}
      onChange={change}
      errors={errors}
      idPrefix="input"
      expressions={false}
    />
  );
}
