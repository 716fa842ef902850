/**
 * The `expression` validator: a JSONata condition over the phase output. Only the boolean `true` passes, so
 * a truthy number, a non-empty string or a match that yields nothing cannot pass by accident.
 */
import { type EvaluateOptions, ExpressionError, evaluateExpression } from "../expression/evaluate.js";
import { builtinEntry } from "../handlers/builtin-entry.js";
import type { Validator } from "../handlers/types.js";

function describeResult(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Passes when `params.expression`, evaluated over the output, is exactly `true`. */
export function createExpressionValidator(options: EvaluateOptions = {}): Validator {
  return {
    entry: builtinEntry("validators", "expression"),
    async check(output, params) {
      const expression = params.expression;
      if (typeof expression !== "string") return { ok: false, message: "params.expression must be a string" };
      let result: unknown;
      try {
        result = await evaluateExpression(expression, output, options);
      } catch (error) {
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
