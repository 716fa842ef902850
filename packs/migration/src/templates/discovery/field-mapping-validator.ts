/**
 * The `field-mapping` validator: a mapping is usable when every canonical field the next phases need is mapped
 * from a column the records actually have, and no field is fed by two columns.
 */

import type { Validator, ValidatorResult } from "@mfo/runtime/pack";
import { valueAtPath } from "@mfo/runtime/pack";
import { isRecord } from "../../model/asset-inventory-model.js";

/** The problems of `mapping` (source -> target) against the `required` targets; empty when it is usable. */
export function mappingProblems(
  mapping: Readonly<Record<string, unknown>>,
  required: readonly string[],
  missingColumns: readonly string[] = [],
): string[] {
  const sources = new Map<string, string[]>();
  for (const [source, target] of Object.entries(mapping))
    if (typeof target === "string") sources.set(target, [...(sources.get(target) ?? []), source]);
  const problems: string[] = [];
  const unmapped = required.filter((field) => !sources.has(field));
  if (unmapped.length > 0) problems.push(`required fields not mapped: ${unmapped.join(", ")}`);
  for (const [target, from] of sources)
    if (from.length > 1) problems.push(`"${target}" is mapped from ${from.length} columns: ${from.join(", ")}`);
  const absent = required.flatMap((field) =>
    (sources.get(field) ?? []).filter((source) => missingColumns.includes(source)).map((s) => `${field} (${s})`),
  );
  if (absent.length > 0) problems.push(`required fields mapped from columns no record has: ${absent.join(", ")}`);
  return problems;
}

export function createFieldMappingValidator(): Validator {
  return {
    entry: {
      name: "field-mapping",
      title: "Field mapping complete",
      description:
        "Fails unless every required canonical field is mapped (from a column the records have) and no field is mapped twice.",
      category: "migration",
      paramsSchema: {
        type: "object",
        properties: {
          required: {
            title: "Required fields",
            description: "Canonical fields that must be mapped",
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["hostname"],
          },
          path: {
            title: "Mapping path",
            description: "Dot path of the mapping (source -> field) in the phase output",
            type: "string",
            default: "mapping",
          },
        },
        additionalProperties: false,
      },
    },
    async check(output, params): Promise<ValidatorResult> {
      const path = typeof params.path === "string" ? params.path : "mapping";
      const mapping = valueAtPath(output, path);
      if (!isRecord(mapping)) return { ok: false, message: `no mapping object at "${path}"` };
      const required = Array.isArray(params.required)
        ? params.required.filter((f): f is string => typeof f === "string")
        : ["hostname"];
      const missing = valueAtPath(output, "missingColumns");
      const problems = mappingProblems(
        mapping,
        required,
        Array.isArray(missing) ? missing.filter((m): m is string => typeof m === "string") : [],
      );
      return problems.length === 0 ? { ok: true } : { ok: false, message: problems.join("; ") };
    },
  };
}
