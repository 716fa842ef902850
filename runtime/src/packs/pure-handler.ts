/**
 * Wraps a pure function as a handler: checks the resolved params against the entry's own params schema
 * (publishing only checks literal params; "=" values are known at run time), then computes. Bad params or
 * input fail the same way on every attempt, so they are not retryable.
 */
import { type CatalogueEntry, validateWithUserSchema } from "@mfo/schemas";
import { type Handler, HandlerError } from "../handlers/types.js";

/** A pure handler (`pure: true`: the engine runs it in memory and batches its commit) around `compute`. */
export function createPureHandler<P>(entry: CatalogueEntry, compute: (params: P) => unknown): Handler {
  return {
    entry: { ...entry, pure: true },
    async run(params) {
      const checked = validateWithUserSchema(entry.paramsSchema, params);
      if (!checked.valid) {
        const problems = checked.errors.map((e) => `${e.path || "/"} ${e.message}`).join("; ");
        throw invalidParams(`invalid params for "${entry.name}": ${problems}`);
      }
      return compute(params as P);
    },
  };
}

/** Params a handler cannot work with: the same on every attempt, so never retried. */
export function invalidParams(message: string): HandlerError {
  return new HandlerError(message, "invalid-params", false);
}

/** A domain rule the data breaks (an unknown instance type, ...): never fixed by retrying. */
export function domainError(message: string, code = "invalid-data"): HandlerError {
  return new HandlerError(message, code, false);
}
