/**
 * Values of a field's type as text and back, for its default and its allowed values: a string as it is typed,
 * numbers and booleans as their literals, objects, arrays and untyped values as JSON.
 */

import type { FieldType } from "./input-schema.js";
import type { Reading } from "./useTextDraft.js";

/** How a value of `type` is typed. */
export function formatValue(type: FieldType | undefined, value: unknown): string {
  if (value === undefined) return "";
  if (type === "string" && typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

/** Reads one value of `type` from text (never empty text: the callers decide what empty means). */
export function readValue(type: FieldType | undefined, text: string): Reading<unknown> {
  const trimmed = text.trim();
  switch (type) {
    case "string":
      return { value: text };
    case "number":
    case "integer": {
      const n = Number(trimmed);
      if (trimmed === "" || !Number.isFinite(n)) return { problem: `"${trimmed}" is not a number` };
      if (type === "integer" && !Number.isInteger(n)) return { problem: `${trimmed} is not a whole number` };
      return { value: n };
    }
    case "boolean":
      return trimmed === "true" || trimmed === "false"
        ? { value: trimmed === "true" }
        : { problem: "write true or false" };
    default:
      try {
        return { value: JSON.parse(trimmed) as unknown };
      } catch {
        return { problem: `${trimmed} is not JSON` };
      }
  }
}

/** A default as typed: empty text is no default. */
export function readDefault(type: FieldType | undefined, text: string): Reading<unknown> {
  return text.trim() === "" ? { value: undefined } : readValue(type, text);
}

/** Allowed values, one per line. */
export function formatValues(type: FieldType | undefined, values: readonly unknown[] | undefined): string {
  return (values ?? []).map((v) => formatValue(type, v)).join("\n");
}

/** Allowed values from their lines (blank lines skipped); no lines: any value is allowed (undefined). */
export function readValues(type: FieldType | undefined, text: string): Reading<unknown[] | undefined> {
  const values: unknown[] = [];
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const reading = readValue(type, type === "string" ? line.trim() : line);
    if ("problem" in reading) return { problem: `line ${i + 1}: ${reading.problem}` };
    values.push(reading.value);
  }
  return { value: values.length === 0 ? undefined : values };
}
