/**
 * The `transform` handler: a JSONata expression over the instance context whose result is the phase output.
 * An expression that fails will fail the same way on every attempt, so its error is not retryable.
 */
import { type EvaluateOptions, ExpressionError, evaluateExpression } from "../expression/evaluate.js";
import { builtinEntry } from "./builtin-entry.js";
import { type Handler, HandlerError } from "./types.js";

/** Evaluates `params.expression` over `{ input, phases, vars }`; no match gives null, JSON's "nothing". */
export function createTransformHandler(options: EvaluateOptions = {}): Handler {
  return {
    entry: builtinEntry("handlers", "transform"),
    async run(params, ctx) {
      const expression = params.expression;
      if (typeof expression !== "string")
        throw new HandlerError("params.expression must be a string", "invalid-params", false);
      const { input, phases, vars } = ctx.context;
      try {
        return (await evaluateExpression(expression, { input, phases, vars }, options)) ?? null;
      } catch (error) {
        if (error instanceof ExpressionError) throw new HandlerError(error.message, "expression-failed", false);
        throw error;
      }
    },
  };
}
