/**
 * The `required` validator: the cheapest check that a phase produced what later nodes read. Paths walk own
 * properties only, so `constructor` or `__proto__` never count as present.
 */
import { builtinEntry } from "../handlers/builtin-entry.js";
import type { Validator } from "../handlers/types.js";

/** The value at a dot path ("customer.address.city", "items.0.id"), or undefined when any step is missing. */
export function valueAtPath(root: unknown, path: string): unknown {
  let current = root;
  for (const step of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** Fails when any of `params.fields` is missing, null or an empty string in the output, naming them all. */
export function createRequiredValidator(): Validator {
  return {
    entry: builtinEntry("validators", "required"),
    async check(output, params) {
      const fields = Array.isArray(params.fields)
        ? params.fields.filter((f): f is string => typeof f === "string")
        : [];
      const missing = fields.filter((field) => isMissing(valueAtPath(output, field)));
      if (missing.length === 0) return { ok: true };
      const noun = missing.length === 1 ? "field" : "fields";
      return { ok: false, message: `missing required ${noun}: ${missing.join(", ")}` };
    },
  };
}
