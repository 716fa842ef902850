/**
 * InputSchemaEditor: the flow's `input` (the JSON Schema a run's input must satisfy) as a list of fields, each
 * with a name, type, required flag, default, allowed values and description; the keywords the list does not
 * model stay editable as JSON. Every edit hands the whole new schema to `onChange` (one command); the run form
 * is generated from the same schema. A schema the list cannot show (not an object of fields) is edited as JSON.
 */
import { useEffect, useState } from "react";
import { freshId } from "../../core/index.js";
import { FieldRow, formatJsonObject } from "./FieldRow.js";
import {
  addField,
  buildInputSchema,
  type InputModel,
  moveField,
  nameProblem,
  parseInputSchema,
  removeField,
  updateField,
} from "./input-schema.js";
import { type Reading, useTextDraft } from "./useTextDraft.js";

export { inputReferences } from "./input-references.js";

export interface InputSchemaEditorProps {
  /** The flow's `input` (undefined: the flow declares none). */
  schema: unknown;
  /** Receives the new schema; undefined removes `input`. */
  onChange(schema: Record<string, unknown> | undefined): void;
  /** Input field names the flow's expressions read (offered as fields when missing). */
  references?: readonly string[];
  readOnly?: boolean;
}

function readSchema(text: string): Reading<unknown> {
  if (text.trim() === "") return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `not valid JSON: ${(error as Error).message}` };
  }
}

const formatSchema = (value: unknown): string => (value === undefined ? "" : JSON.stringify(value, null, 2));

/** The whole schema as JSON: for a schema the field list cannot show. */
function WholeSchemaJson({ schema, reason, onChange, readOnly }: InputSchemaEditorProps & { reason: string }) {
  const draft = useTextDraft<unknown>(schema, formatSchema, readSchema, (value) =>
    onChange(value as Record<string, unknown> | undefined),
  );
  return (
    <div className="field">
      <p className="help" id="input-schema-reason">
        Edited as JSON: {reason}.
      </p>
      <label htmlFor="input-schema-json">Input schema (JSON)</label>
      <textarea
        id="input-schema-json"
        className="mono"
        rows={8}
        value={draft.text}
        disabled={readOnly}
        spellCheck={false}
        aria-describedby="input-schema-reason"
        onChange={(e) => draft.onText(e.target.value)}
      />
      {draft.problem ? (
        <p className="error" role="alert">
          {draft.problem}
        </p>
      ) : null}
    </div>
  );
}

function readRest(text: string): Reading<Record<string, unknown>> {
  const reading = readSchema(text);
  if ("problem" in reading) return reading;
  const value = reading.value ?? {};
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { problem: 'write a JSON object, e.g. { "examples": [] }' };
  const { type, properties, required } = value as Record<string, unknown>;
  if (type !== undefined || properties !== undefined || required !== undefined)
    return { problem: "type, properties and required are set by the fields above" };
  return { value: value as Record<string, unknown> };
}

/** The schema's own keywords besides the fields, and the whole schema to read. */
function SchemaJson({ model, schema, readOnly, change }: SchemaJsonProps) {
  const rest = useTextDraft(model.rest, formatJsonObject, readRest, (value) => change({ ...model, rest: value }));
  return (
    <details className="input-schema__json">
      <summary>Input schema (JSON)</summary>
      <div className="field">
        <label htmlFor="input-schema-rest">Other schema keywords (examples, additionalProperties, …)</label>
        <textarea
          id="input-schema-rest"
          className="mono"
          rows={Math.max(2, Math.min(rest.text.split("\n").length, 10))}
          value={rest.text}
          disabled={readOnly}
          spellCheck={false}
          placeholder='{ "additionalProperties": false }'
          onChange={(e) => rest.onText(e.target.value)}
        />
        {rest.problem ? (
          <p className="error" role="alert">
            {rest.problem}
          </p>
        ) : null}
      </div>
      <figure className="input-schema__figure" aria-label="Input schema as JSON">
        <pre className="input-schema__preview">
          {schema === undefined ? "(no input schema: a run takes any JSON object)" : JSON.stringify(schema, null, 2)}
        </pre>
      </figure>
    </details>
  );
}

interface SchemaJsonProps {
  model: InputModel;
  schema: unknown;
  readOnly: boolean;
  change(model: InputModel): void;
}

export function InputSchemaEditor({ schema, onChange, references = [], readOnly = false }: InputSchemaEditorProps) {
  const parsed = parseInputSchema(schema);
  const count = "model" in parsed ? parsed.model.fields.length : 0;
  // After "Add field", its name takes the focus (selected, so typing names it) once the new row is on screen.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null || focusIndex >= count) return;
    const input = document.getElementById(`input-field-${focusIndex}-name`);
    if (input instanceof HTMLInputElement) {
      input.focus();
      input.select();
    }
    setFocusIndex(null);
  }, [focusIndex, count]);
  if ("unsupported" in parsed)
    return <WholeSchemaJson schema={schema} reason={parsed.unsupported} onChange={onChange} readOnly={readOnly} />;
  const { model } = parsed;
  const change = (next: InputModel) => onChange(buildInputSchema(next));
  const taken = new Set(model.fields.map((f) => f.name));
  const missing = references.filter((name) => !taken.has(name));
  return (
    <div className="input-schema">
      {model.fields.length === 0 ? (
        <p className="help">No input fields: a run takes any JSON object. Expressions read fields as input.name.</p>
      ) : (
        <ol className="input-schema__fields">
          {model.fields.map((field, index) => (
            <FieldRow
              // Keyed by position: renaming a field must not remount its row (and drop the focus).
              // biome-ignore lint/suspicious/noArrayIndexKey: the position is the field's identity while it is edited
              key={index}
              field={field}
              index={index}
              count={model.fields.length}
              nameProblem={(name) => nameProblem(model, index, name)}
              readOnly={readOnly}
              onChange={(patch) => change(updateField(model, index, patch))}
              onMove={(to) => change(moveField(model, index, to))}
              onRemove={() => change(removeField(model, index))}
            />
          ))}
        </ol>
      )}
      <div className="input-schema__add">
        <button
          type="button"
          disabled={readOnly}
          onClick={() => {
            setFocusIndex(model.fields.length);
            change(addField(model, freshId("field", taken, "")));
          }}
        >
          Add field
        </button>
        {missing.length > 0 ? (
          <button
            type="button"
            disabled={readOnly}
            title={`expressions read ${missing.map((n) => `input.${n}`).join(", ")}`}
            onClick={() => change(missing.reduce((m, name) => addField(m, name), model))}
          >
            Add fields used by expressions ({missing.join(", ")})
          </button>
        ) : null}
      </div>
      <SchemaJson model={model} schema={schema} readOnly={readOnly} change={change} />
    </div>
  );
}
