/**
 * What an input's text or state means as a value, and back. The rule they share: an emptied optional field
 * stores no value (its key is removed) rather than "", while a required text field keeps "".
 */
import type { FieldModel } from "./field-model.js";
import { sameJson } from "./field-value.js";

/** The value for the text of a text, textarea, url or expression input. */
export function textValue(model: FieldModel, text: string): string | undefined {
  return text === "" && !model.required ? undefined : text;
}

/** The text a text input shows for a value. */
export function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The value for a number input's text: no value when empty or not a number (the browser reports "" then). */
export function numberValue(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const number = Number(trimmed);
  // A fraction in an integer field is kept: the schema check says what is wrong instead of a silent rounding.
  return Number.isFinite(number) ? number : undefined;
}

/** The text a number input shows for a value (empty for no value and for null). */
export function numberText(value: unknown): string {
  return typeof value === "number" ? String(value) : "";
}

/** The `<option>` value a select shows: the index of the matching option, or "" for none. */
export function selectIndex(model: FieldModel, value: unknown): string {
  const index = (model.options ?? []).findIndex((option) => sameJson(option.value, value));
  return index === -1 ? "" : String(index);
}

/** The value for a select's chosen `<option>` value ("" is the empty choice: no value). */
export function selectValue(model: FieldModel, optionValue: string): unknown {
  if (optionValue === "") return undefined;
  return model.options?.[Number(optionValue)]?.value;
}

/** The text of a select's empty choice: the default when there is one. */
export function selectPlaceholder(model: FieldModel): string {
  if (model.defaultValue === undefined) return model.required ? "Choose…" : "(none)";
  const text = typeof model.defaultValue === "string" ? model.defaultValue : JSON.stringify(model.defaultValue);
  return `default (${text})`;
}

/** Whether a checkbox is ticked: its value, else the schema's default. */
export function checkboxChecked(model: FieldModel, value: unknown): boolean {
  return typeof value === "boolean" ? value : model.defaultValue === true;
}

/** The value for a checkbox state; an optional one stores nothing when the state equals its default. */
export function checkboxValue(model: FieldModel, checked: boolean): boolean | undefined {
  if (!model.required && checked === (model.defaultValue === true)) return undefined;
  return checked;
}
