/**
 * The runtime's handler and validator catalogue: the built-ins from @mfo/schemas, plus whatever this runtime
 * registers. Everything that validates a flow on this side (publishing, the CLI) reads it from here.
 */
import { builtinCatalogue, type Catalogue, mergeCatalogues } from "@mfo/schemas";

/** The catalogue flows are checked against, optionally with published flow types for subflow checks. */
export function runtimeCatalogue(flowTypes?: readonly string[]): Catalogue {
  return flowTypes
    ? mergeCatalogues(builtinCatalogue, { handlers: [], validators: [], flowTypes: [...flowTypes] })
    : builtinCatalogue;
}
