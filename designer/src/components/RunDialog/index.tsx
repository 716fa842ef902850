/**
 * Starts an instance: an input form generated from the flow's `input` schema (JSON text when it has none). When the
 * schema carries `examples`, the first one is offered as the flow's sample input (the templates ship one each).
 */
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { type FormEvent, useState } from "react";
import { type FieldError, SchemaForm } from "../SchemaForm/index.js";

export interface RunDialogProps {
  definition: FlowDefinition;
  onRun(input: Record<string, unknown>): Promise<void>;
  onClose(): void;
}

/** The first of the input schema's `examples`, when it is an object (what a run of the flow takes). */
export function sampleInputOf(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const first = Array.isArray(schema?.examples) ? (schema.examples as unknown[])[0] : undefined;
  return first !== null && typeof first === "object" && !Array.isArray(first)
    ? (first as Record<string, unknown>)
    : undefined;
}

/** The form of a flow without an input schema: one JSON text field for the whole input object. */
const ANY_INPUT = {
  title: "Input (JSON object)",
  description: "This flow declares no input fields; expressions read what you pass here as input.<name>.",
};

/**
 * The input of a flow without input schema, as JSON text. It keeps what is typed (an emptied editor stays
 * empty) and hands the dialog an object to send, {} for nothing.
 */
function AnyInput({ onChange, errors }: { onChange(value: Record<string, unknown>): void; errors: FieldError[] }) {
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

export function RunDialog({ definition, onRun, onClose }: RunDialogProps) {
  const schema = typeof definition.input === "object" ? definition.input : undefined;
  const sample = sampleInputOf(schema as Record<string, unknown> | undefined);
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onRun(value);
    } catch (e) {
      const problems = ((e as { errors?: ValidationError[] }).errors ?? []).map((x) => ({
        path: x.path.replace(/^\/input/, ""),
        message: x.message,
      }));
      setErrors(problems);
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      {/* The dialog is a div around the form: a form may not take the dialog role (axe: aria-allowed-role). */}
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="run-title">
        <h2 id="run-title">Run {definition.name}</h2>
        <form onSubmit={submit}>
          {schema ? (
            <SchemaForm
              schema={schema}
              value={value}
              onChange={(v) => setValue((v ?? {}) as Record<string, unknown>)}
              errors={errors}
              idPrefix="input"
              expressions={false}
            />
          ) : (
            // No input schema: the flow takes any object, so the operator can still pass one, as JSON.
            <AnyInput onChange={setValue} errors={errors} />
          )}
          {failure ? (
            <p role="alert" className="error">
              {failure}
            </p>
          ) : null}
          <div className="dialog-actions">
            {sample ? (
              <button type="button" onClick={() => setValue(structuredClone(sample))}>
                Use sample input
              </button>
            ) : null}
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Start
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
