/**
 * How a value meets its field: whether the field's input can show it, what to show instead when it cannot,
 * and the value a new list item or map entry starts with. A definition written by hand may hold anything, and
 * a form must never hide or drop what it cannot edit, so a value that does not fit is shown as JSON text.
 */
import { isDynamicValue } from "@mfo/schemas";
import type { FieldModel } from "./field-model.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Equality of JSON values (key order included), for matching enum options and drafts. */
export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** Whether the field's own input can show `value` (undefined, meaning "no value", always can). */
export function fitsField(model: FieldModel, value: unknown): boolean {
  if (value === undefined) return true;
  if (model.dynamicAllowed && isDynamicValue(value)) return true;
  switch (model.kind) {
    case "object":
    case "map":
      return isRecord(value);
    case "list":
      return Array.isArray(value);
    case "text":
    case "textarea":
    case "url":
    case "expression":
      return typeof value === "string";
    case "select":
      return (model.options ?? []).some((option) => sameJson(option.value, value));
    case "number":
    case "integer":
      // null is what an emptied list item holds: the number input shows it as empty.
      return value === null || (typeof value === "number" && Number.isFinite(value));
    case "boolean":
      return typeof value === "boolean";
    case "json":
    case "json-schema":
      return true;
  }
}

/** The model to render `value` with: the field's own, or a JSON text field when its input cannot show it. */
export function displayModel(model: FieldModel, value: unknown): FieldModel {
  if (fitsField(model, value)) return model;
  const { properties: _properties, options: _options, ...rest } = model;
  return { ...rest, kind: "json" };
}

/** The value a newly added list item or map entry starts with. */
export function emptyValue(model: FieldModel): unknown {
  if (model.defaultValue !== undefined && fitsField(model, model.defaultValue)) return model.defaultValue;
  switch (model.kind) {
    case "object":
    case "map":
    case "json-schema":
      return {};
    case "list":
      return [];
    case "text":
    case "textarea":
    case "url":
    case "expression":
      return "";
    case "select":
      return model.options?.[0]?.value ?? null;
    case "number":
    case "integer":
      return model.minimum ?? 0;
    case "boolean":
      return false;
    case "json":
      return null;
  }
}

/** The own property `key` of a value that may not be an object ("__proto__" included, never the prototype). */
export function ownValue(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}
