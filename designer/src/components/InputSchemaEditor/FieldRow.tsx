/**
 * One field of the input schema: its name, type and whether it is required on one line, then its description,
 * default, allowed values and, folded, its other keywords as JSON. A fieldset named after the field, so that
 * every control's name says which field it belongs to.
 */
import type { ReactNode } from "react";
import { FIELD_TYPES, type FieldType, type InputField } from "./input-schema.js";
import { formatValue, formatValues, readDefault, readValues } from "./input-values.js";
import { type Reading, type TextDraft, useTextDraft } from "./useTextDraft.js";

export interface FieldRowProps {
  field: InputField;
  index: number;
  count: number;
  /** Why a name cannot be given to this field, or null. */
  nameProblem(name: string): string | null;
  readOnly: boolean;
  onChange(patch: Partial<InputField>): void;
  onMove(to: number): void;
  onRemove(): void;
}

const asIs = (text: string) => text;

/** Keywords with a control of their own: typed in the JSON too, they would move there under the author's hands. */
const OWN_CONTROLS = ["description", "default", "enum"];

function readJsonObject(text: string): Reading<Record<string, unknown>> {
  if (text.trim() === "") return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { problem: 'write a JSON object of keywords, e.g. { "minimum": 0 }' };
  const own = OWN_CONTROLS.find((key) => Object.hasOwn(value, key));
  return own === undefined ? { value: value as Record<string, unknown> } : { problem: `set ${own} in its field above` };
}

/** Pretty JSON of an object, empty text for `{}`. */
export const formatJsonObject = (value: Record<string, unknown>): string =>
  Object.keys(value).length === 0 ? "" : JSON.stringify(value, null, 2);

/** A labelled control with the draft's problem under it. */
function Control({
  id,
  label,
  draft,
  children,
}: {
  id: string;
  label: string;
  draft?: TextDraft;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {draft?.problem ? (
        <p id={`${id}-problem`} className="error" role="alert">
          {draft.problem}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, draft: TextDraft) => (draft.problem ? { "aria-describedby": `${id}-problem` } : {});

export function FieldRow({ field, index, count, nameProblem, readOnly, onChange, onMove, onRemove }: FieldRowProps) {
  const id = `input-field-${index}`;
  const type = field.type;
  const name = useTextDraft(
    field.name,
    asIs,
    (text) => {
      const problem = nameProblem(text.trim());
      return problem === null ? { value: text.trim() } : { problem };
    },
    (value) => onChange({ name: value }),
  );
  const fallback = useTextDraft(
    field.hasDefault ? field.default : undefined,
    (value) => formatValue(type, value),
    (text) => readDefault(type, text),
    (value) => onChange({ hasDefault: value !== undefined, default: value }),
  );
  const allowed = useTextDraft<readonly unknown[] | undefined>(
    field.enum,
    (values) => formatValues(type, values),
    (text) => readValues(type, text),
    (values) => onChange({ enum: values }),
  );
  const more = useTextDraft(field.more, formatJsonObject, readJsonObject, (value) => onChange({ more: value }));
  const changeType = (value: string) => {
    const { type: _old, ...rest } = field.more;
    onChange(value === "" ? {} : { type: value as FieldType, more: rest });
  };
  return (
    <li className="input-field">
      <fieldset aria-label={`Field ${field.name || index + 1}`}>
        <div className="input-field__head">
          <Control id={`${id}-name`} label="Field name" draft={name}>
            <input
              id={`${id}-name`}
              value={name.text}
              disabled={readOnly}
              spellCheck={false}
              aria-invalid={name.problem !== null}
              {...describedBy(`${id}-name`, name)}
              onChange={(e) => name.onText(e.target.value)}
            />
          </Control>
          <Control id={`${id}-type`} label="Field type">
            <select
              id={`${id}-type`}
              value={type ?? ""}
              disabled={readOnly}
              onChange={(e) => changeType(e.target.value)}
            >
              {type === undefined ? <option value="">see JSON</option> : null}
              {FIELD_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Control>
          <label className="input-field__required">
            <input
              type="checkbox"
              checked={field.required}
              disabled={readOnly}
              onChange={(e) => onChange({ required: e.target.checked })}
            />{" "}
            Required
          </label>
        </div>
        <Control id={`${id}-description`} label="Field description">
          <input
            id={`${id}-description`}
            value={field.description ?? ""}
            disabled={readOnly}
            onChange={(e) => onChange({ description: e.target.value === "" ? undefined : e.target.value })}
          />
        </Control>
        <Control id={`${id}-default`} label="Default value" draft={fallback}>
          <input
            id={`${id}-default`}
            value={fallback.text}
            disabled={readOnly}
            spellCheck={false}
            aria-invalid={fallback.problem !== null}
            {...describedBy(`${id}-default`, fallback)}
            onChange={(e) => fallback.onText(e.target.value)}
          />
        </Control>
        <Control id={`${id}-enum`} label="Allowed values (one per line; none: any)" draft={allowed}>
          <textarea
            id={`${id}-enum`}
            rows={Math.max(1, Math.min(allowed.text.split("\n").length, 6))}
            value={allowed.text}
            disabled={readOnly}
            spellCheck={false}
            aria-invalid={allowed.problem !== null}
            {...describedBy(`${id}-enum`, allowed)}
            onChange={(e) => allowed.onText(e.target.value)}
          />
        </Control>
        <details open={Object.keys(field.more).length > 0}>
          <summary>Other keywords (JSON)</summary>
          <Control id={`${id}-more`} label="Keywords such as minimum, format, items" draft={more}>
            <textarea
              id={`${id}-more`}
              className="mono"
              rows={Math.max(2, Math.min(more.text.split("\n").length, 10))}
              value={more.text}
              disabled={readOnly}
              spellCheck={false}
              placeholder='{ "minimum": 0 }'
              aria-invalid={more.problem !== null}
              {...describedBy(`${id}-more`, more)}
              onChange={(e) => more.onText(e.target.value)}
            />
          </Control>
        </details>
        <div className="input-field__actions">
          <button type="button" disabled={readOnly || index === 0} onClick={() => onMove(index - 1)}>
            Move up
          </button>
          <button type="button" disabled={readOnly || index === count - 1} onClick={() => onMove(index + 1)}>
            Move down
          </button>
          <button type="button" className="quiet" disabled={readOnly} onClick={onRemove}>
            Remove
          </button>
        </div>
      </fieldset>
    </li>
  );
}
