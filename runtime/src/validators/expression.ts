/**
 * The `expression` validator: a JSONata condition over the phase output. Only the boolean `true` passes, so
 * a truthy number, a non-empty string or a match that yields nothing cannot pass by accident. A condition stopped
 * by a limit of the expression pool fails the attempt with that limit's code, not as a verdict on the output.
 */
import { type EvaluateOptions, ExpressionError } from "../expression/expression-error.js";
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import { sharedExpressionPool } from "../expression/shared-pool.js";
import { builtinEntry } from "../handlers/builtin-entry.js";
import { expressionFailure } from "../handlers/transform.js";
import type { Validator } from "../handlers/types.js";

export interface ExpressionValidatorOptions extends EvaluateOptions {
  /** Where the condition runs; default the process's shared pool. */
  expressions?: ExpressionEvaluator;
}

function describeResult(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Passes when `params.expression`, evaluated over the output, is exactly `true`. */
export function createExpressionValidator(options: ExpressionValidatorOptions = {}): Validator {
  const { expressions, ...evaluateOptions } = options;
  return {
    entry: builtinEntry("validators", "expression"),
    async check(output, params) {
      const expression = params.expression;
      if (typeof expression !== "string") return { ok: false, message: "params.expression must be a string" };
      let result: unknown;
      try {
        result = await (expressions ?? sharedExpressionPool()).evaluate(expression, output, evaluateOptions);
      } catch (error) {
        if (error instanceof ExpressionError && error.limit) throw expressionFailure(error);
        if (error instanceof ExpressionError) return { ok: false, message: error.message };
        throw error;
      }
      if (result === true) return { ok: true };
      return {
        ok: false,
        message: `expression ${JSON.stringify(expression)} is not true for the output (it gave ${describeResult(result)})`,
      };
    },
  };
}
