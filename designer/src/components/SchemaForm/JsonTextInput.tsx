/**
 * The JSON text editor, for values the form cannot break down and for params that are JSON Schemas. Text
 * that does not parse stays a draft (see json-text.ts) with its problem shown, and is never stored.
 */
import { useState } from "react";
import type { ControlProps } from "./field-env.js";
import { describedBy as joinIds, partId } from "./field-ids.js";
import { draftOf, editJson, reconcileDraft } from "./json-text.js";

const editorStyle = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", width: "100%" };

/** A JSON textarea; for a json-schema field, the parsed value must also be a usable JSON Schema. */
export function JsonTextInput({ model, id, value, onChange, describedBy, invalid, disabled }: ControlProps) {
  const isSchema = model.kind === "json-schema";
  const [draft, setDraft] = useState(() => draftOf(value, isSchema));
  const shown = reconcileDraft(draft, value, isSchema);
  // The stored value changed elsewhere (undo, another field): show it instead of the stale draft.
  if (shown !== draft) setDraft(shown);
  const problemId = partId(id, "json-problem");
  return (
    <>
      <textarea
        id={id}
        className="mfo-json-text"
        style={editorStyle}
        rows={Math.max(2, Math.min(shown.text.split("\n").length, 16))}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        disabled={disabled}
        required={model.required}
        placeholder={model.placeholder}
        value={shown.text}
        aria-invalid={invalid || shown.problem !== null}
        aria-describedby={joinIds(describedBy, shown.problem !== null && problemId)}
        onChange={(event) => {
          const edit = editJson(shown, event.target.value, isSchema);
          setDraft(edit.draft);
          if (edit.store) onChange(edit.draft.value);
        }}
      />
      {shown.problem === null ? null : (
        <p id={problemId} className="mfo-field__error" role="alert">
          {shown.problem}
        </p>
      )}
    </>
  );
}
