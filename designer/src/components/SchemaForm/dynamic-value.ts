/**
 * The "=" toggle: any params value may instead be a string "=<JSONata>" evaluated at run time (FLOW-FORMAT.md).
 * Switching a literal to an expression writes it as the JSONata literal with the same meaning (JSON is valid
 * JSONata), so switching back restores it exactly; an expression that is not a literal is dropped when switched
 * back, except in text fields, which keep the text.
 */
import { EXPRESSION_PREFIX, isDynamicValue } from "@mfo/schemas";
import type { FieldModel } from "./field-model.js";
import { fitsField } from "./field-value.js";

/** Whether the field is shown as an expression: it allows one and its value is an "=" string. */
export function isExpressionMode(model: FieldModel, value: unknown): value is string {
  return model.dynamicAllowed && isDynamicValue(value);
}

/** The JSONata text of an "=" value (what the expression editor shows). */
export function expressionText(value: string): string {
  return value.startsWith(EXPRESSION_PREFIX) ? value.slice(EXPRESSION_PREFIX.length) : value;
}

/** The stored value for expression text typed in the editor. */
export function dynamicFromText(text: string): string {
  return EXPRESSION_PREFIX + text;
}

/** A literal as an "=" expression with the same meaning: `"a"` -> `="a"`, `3` -> `=3`, no value -> `=`. */
export function toDynamic(value: unknown): string {
  if (value === undefined) return EXPRESSION_PREFIX;
  return dynamicFromText(JSON.stringify(value) ?? "");
}

const TEXT_KINDS = new Set(["text", "textarea", "url"]);

/**
 * The literal an "=" value turns back into: the expression read as JSON when that fits the field; else the raw
 * text for text fields; else no value ("" for a required text field).
 */
export function fromDynamic(model: FieldModel, value: string): unknown {
  const text = expressionText(value).trim();
  try {
    const literal: unknown = JSON.parse(text);
    if (fitsField({ ...model, dynamicAllowed: false }, literal)) return literal;
  } catch {
    // Not a literal: handled below.
  }
  if (TEXT_KINDS.has(model.kind)) return text === "" && !model.required ? undefined : text;
  return undefined;
}

/** What the "ƒx" toggle stores: the expression form of a literal, or the literal form of an expression. */
export function toggleExpression(model: FieldModel, value: unknown): unknown {
  return isExpressionMode(model, value) ? fromDynamic(model, value) : toDynamic(value);
}
