/**
 * The runtime's handler and validator catalogue is what it has registered: each handler's and validator's
 * catalogue entry. Everything that validates a flow on this side (publishing, the CLI, GET /catalogue) reads it
 * from here, so a flow can never name something the runtime cannot run.
 */
import type { Catalogue } from "@mfo/schemas";
import { createBuiltinHandlers } from "../handlers/registry.js";
import type { Handler, Validator } from "../handlers/types.js";
import { mergePacks } from "../packs/merge-packs.js";
import type { Pack } from "../packs/pack.js";
import { createBuiltinValidators } from "../validators/registry.js";

/** The catalogue of registered handlers and validators. */
export function catalogueOf(
  handlers: ReadonlyMap<string, Handler>,
  validators: ReadonlyMap<string, Validator>,
): Catalogue {
  return {
    handlers: [...handlers.values()].map((h) => h.entry),
    validators: [...validators.values()].map((v) => v.entry),
  };
}

/** The catalogue of a runtime with the built-ins and `packs` (what `mfo validate` checks against). */
export function runtimeCatalogue(packs: readonly Pack[] = []): Catalogue {
  const { handlers, validators } = mergePacks(
    { handlers: createBuiltinHandlers(), validators: createBuiltinValidators() },
    packs,
  );
  return catalogueOf(handlers, validators);
}
