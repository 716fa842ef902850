/**
 * The catalogue entries of the built-in handlers and validators, taken from @mfo/schemas so that a params
 * schema is written once, in the contract, and never restated in the runtime.
 */
import type { CatalogueEntry } from "@mfo/schemas";
import { builtinCatalogue } from "@mfo/schemas";

/** The built-in catalogue entry named `name`; throws when the catalogue has none (a runtime/contract drift). */
export function builtinEntry(kind: "handlers" | "validators", name: string): CatalogueEntry {
  const entry = builtinCatalogue[kind].find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`the built-in catalogue has no ${kind.slice(0, -1)} named "${name}"`);
  return entry;
}
