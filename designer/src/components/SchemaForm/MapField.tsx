/**
 * A key/value editor for objects whose keys are free (`additionalProperties`): one row per entry with its key
 * and its value's field. Rows are keyed by position so that renaming a key keeps the key input (and focus).
 */
import { useState } from "react";
import { absentIfEmpty, addEntry, removeEntry, renameEntry } from "./collection-edits.js";
import { GroupShell } from "./FieldFrame.js";
import type { ContainerProps } from "./field-env.js";
import { fieldId, describedBy as joinIds, partId } from "./field-ids.js";
import { entryFieldModel } from "./field-model.js";
import { emptyValue, isRecord } from "./field-value.js";
import { childPointer, setAt } from "./value-pointer.js";

interface KeyInputProps {
  id: string;
  label: string;
  entryKey: string;
  disabled: boolean;
  /** Renames the entry; returns why not, or null when done. */
  rename(to: string): string | null;
}

/** A key's input: while the typed key clashes with another entry, the text stays here with the reason. */
function KeyInput({ id, label, entryKey, disabled, rename }: KeyInputProps) {
  const [draft, setDraft] = useState({ text: entryKey, key: entryKey, problem: null as string | null });
  const shown = draft.key === entryKey ? draft : { text: entryKey, key: entryKey, problem: null };
  if (shown !== draft) setDraft(shown);
  const problemId = partId(id, "problem");
  return (
    <span className="mfo-map__key">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={shown.text}
        disabled={disabled}
        aria-invalid={shown.problem !== null}
        aria-describedby={joinIds(shown.problem !== null && problemId)}
        onChange={(event) => {
          const text = event.target.value;
          const problem = rename(text);
          setDraft({ text, key: problem === null ? text : entryKey, problem });
        }}
      />
      {shown.problem === null ? null : (
        <span id={problemId} className="mfo-field__error" role="alert">
          {shown.problem}
        </span>
      )}
    </span>
  );
}

/** The key/value editor of a map field; an optional map left empty is removed. */
export function MapField({ model, value, onChange, env, frame, renderChild }: ContainerProps) {
  const record = isRecord(value) ? value : {};
  const store = (next: Record<string, unknown>) => onChange(absentIfEmpty(next, model.required));
  return (
    <GroupShell model={model} frame={frame}>
      <ul className="mfo-map">
        {Object.entries(record).map(([key, entry], index) => {
          const entryModel = entryFieldModel(model, key);
          const change = (next: unknown) =>
            store(setAt(record, childPointer("", key), next ?? null) as Record<string, unknown>);
          const rename = (to: string): string | null => {
            const result = renameEntry(record, key, to);
            if (!result.ok) return result.problem;
            store(result.value);
            return null;
          };
          return (
            <li key={childPointer(model.pointer, index)} className="mfo-map__entry">
              <KeyInput
                id={partId(fieldId(env.idPrefix, entryModel.pointer), "key")}
                label={`${model.label} key ${index + 1}`}
                entryKey={key}
                disabled={env.disabled}
                rename={rename}
              />
              {renderChild(entryModel, entry, change)}
              <button
                type="button"
                aria-label={`Remove ${entryModel.label}`}
                disabled={env.disabled}
                onClick={() => store(removeEntry(record, key))}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="mfo-map__add"
        disabled={env.disabled}
        onClick={() => store(addEntry(record, emptyValue(entryFieldModel(model, "key"))).value)}
      >
        Add {model.label.toLowerCase()} entry
      </button>
    </GroupShell>
  );
}
