/**
 * The built-in validators, keyed by their catalogue name; the engine looks a phase's validator refs up here,
 * and packs add theirs to the same map at start-up (packs/merge-packs.ts).
 */
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import type { Validator } from "../handlers/types.js";
import { createExpressionValidator } from "./expression.js";
import { createRequiredValidator } from "./required.js";
import { createSchemaValidator } from "./schema.js";

/**
 * A fresh map of the built-in validators, `required`, `schema` and `expression`, by name; `expressions` is where
 * `expression` evaluates (the runtime's expression pool; default the shared pool).
 */
export function createBuiltinValidators(expressions?: ExpressionEvaluator): Map<string, Validator> {
  const validators: Validator[] = [
    createRequiredValidator(),
    createSchemaValidator(),
    createExpressionValidator(expressions ? { expressions } : {}),
  ];
  return new Map(validators.map((validator) => [validator.entry.name, validator]));
}
