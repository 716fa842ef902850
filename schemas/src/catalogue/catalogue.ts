/**
 * The handler and validator catalogue: what a phase may name, each with the JSON Schema of its params. The
 * built-in entries live in contract/builtin-catalogue.json; the runtime adds its own and serves the result, the
 * designer renders params forms from it, and validateFlow checks names and params against it.
 */
import builtins from "../contract/builtin-catalogue.json" with { type: "json" };
import type { Catalogue, CatalogueEntry } from "../generated/types.js";

/** The built-ins every runtime has: handlers noop, transform, http, log; validators required, schema, expression. */
export const builtinCatalogue: Catalogue = Object.freeze(builtins as Catalogue);

/**
 * Combines catalogues; a later entry with the same name replaces an earlier one, so a runtime can override a
 * built-in. Flow types are united; left unset when no part lists any.
 */
export function mergeCatalogues(...parts: readonly Catalogue[]): Catalogue {
  const handlers = new Map<string, CatalogueEntry>();
  const validators = new Map<string, CatalogueEntry>();
  let flowTypes: Set<string> | undefined;
  for (const part of parts) {
    for (const entry of part.handlers) handlers.set(entry.name, entry);
    for (const entry of part.validators) validators.set(entry.name, entry);
    if (part.flowTypes) {
      flowTypes ??= new Set();
      for (const id of part.flowTypes) flowTypes.add(id);
    }
  }
  const merged: Catalogue = { handlers: [...handlers.values()], validators: [...validators.values()] };
  if (flowTypes) merged.flowTypes = [...flowTypes];
  return merged;
}

export interface CatalogueIndex {
  handlers: ReadonlyMap<string, CatalogueEntry>;
  validators: ReadonlyMap<string, CatalogueEntry>;
  /** Undefined: subflow targets are not checked. */
  flowTypes: ReadonlySet<string> | undefined;
}

const indexes = new WeakMap<Catalogue, CatalogueIndex>();

/** Name lookups for a catalogue, built once per catalogue object. */
export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (index === undefined) {
    index = {
      handlers: new Map((catalogue.handlers ?? []).map((e) => [e.name, e])),
      validators: new Map((catalogue.validators ?? []).map((e) => [e.name, e])),
      flowTypes: catalogue.flowTypes ? new Set(catalogue.flowTypes) : undefined,
    };
    indexes.set(catalogue, index);
  }
  return index;
}
