/**
 * JSON text editing, for values the form cannot break down (unions, schemas without a type, `true` map
 * values) and for params that are JSON Schemas (`x-json-schema`). Text that does not parse is kept as a draft
 * beside the stored value and never stored; a parsed schema is also checked with `checkUserSchema`.
 */
import { checkUserSchema } from "@mfo/schemas";
import { sameJson } from "./field-value.js";

export interface JsonDraft {
  /** What the editor shows. */
  text: string;
  /** The value the text stands for: the last one that parsed (undefined: no value). */
  value: unknown;
  /** Why the text is not stored as it is, or why the schema it holds is unusable. */
  problem: string | null;
}

export interface JsonEdit {
  draft: JsonDraft;
  /** Whether `draft.value` should be stored (false while the text does not parse). */
  store: boolean;
}

/** The editor text of a value: indented JSON, or "" for no value. */
export function formatJson(value: unknown): string {
  return value === undefined ? "" : (JSON.stringify(value, null, 2) ?? "");
}

function schemaProblem(value: unknown, isSchema: boolean): string | null {
  if (!isSchema || value === undefined) return null;
  const problem = checkUserSchema(value);
  return problem === null ? null : `not a usable JSON Schema: ${problem}`;
}

/** A draft showing a stored value. */
export function draftOf(value: unknown, isSchema: boolean): JsonDraft {
  return { text: formatJson(value), value, problem: schemaProblem(value, isSchema) };
}

/** Reads edited text: empty is no value; JSON is stored (with its schema problem, if any); else only a problem. */
export function editJson(previous: JsonDraft, text: string, isSchema: boolean): JsonEdit {
  if (text.trim() === "") return { draft: { text, value: undefined, problem: null }, store: true };
  try {
    const value: unknown = JSON.parse(text);
    return { draft: { text, value, problem: schemaProblem(value, isSchema) }, store: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { draft: { text, value: previous.value, problem: `not valid JSON: ${message}` }, store: false };
  }
}

/** The draft to show for `value`: the same draft while it still stands for that value, else a fresh one. */
export function reconcileDraft(draft: JsonDraft, value: unknown, isSchema: boolean): JsonDraft {
  return sameJson(draft.value, value) ? draft : draftOf(value, isSchema);
}
