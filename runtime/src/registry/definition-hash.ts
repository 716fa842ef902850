/** The hash that tells two published versions apart: publish stores a new version only when it differs. */
import { createHash } from "node:crypto";
import type { FlowDefinition } from "@mfo/schemas";

/** Canonical JSON (sorted keys) of a definition without its version, hashed: equal flows, equal hash. */
export function definitionHash(definition: FlowDefinition): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  };
  const { version: _version, ...rest } = definition;
  return createHash("sha256")
    .update(JSON.stringify(canonical(rest)))
    .digest("hex");
}
