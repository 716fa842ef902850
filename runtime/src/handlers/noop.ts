/** The `noop` handler: a placeholder phase whose output is whatever its params say. */
import { builtinEntry } from "./builtin-entry.js";
import type { Handler } from "./types.js";

/** Returns `params.output`, or an empty object when there is none. */
export function createNoopHandler(): Handler {
  return {
    entry: builtinEntry("handlers", "noop"),
    async run(params) {
      return params.output ?? {};
    },
  };
}
