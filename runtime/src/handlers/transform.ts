/**
 * The `transform` handler: a JSONata expression over the instance context whose result is the phase output.
 * An expression that fails will fail the same way on every attempt, so its error is not retryable; one stopped
 * by a limit of the expression pool says which (`expression-timeout`, `expression-memory`, `output-too-large`)
 * and is retryable as expression-error.ts says.
 */
import { type EvaluateOptions, ExpressionError, LIMIT_CODES } from "../expression/expression-error.js";
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import { sharedExpressionPool } from "../expression/shared-pool.js";
import { builtinEntry } from "./builtin-entry.js";
import { type Handler, HandlerError } from "./types.js";

export interface TransformOptions extends EvaluateOptions {
  /** Where the expression runs; default the process's shared pool. */
  expressions?: ExpressionEvaluator;
}

/** The HandlerError a step reports for an expression that failed: its limit's code, else `expression-failed`. */
export function expressionFailure(error: ExpressionError): HandlerError {
  const limit = error.limit;
  if (limit) return new HandlerError(error.message, limit, LIMIT_CODES[limit].retryable);
  return new HandlerError(error.message, "expression-failed", false);
}

/** Evaluates `params.expression` over `{ input, phases, vars }`; no match gives null, JSON's "nothing". */
export function createTransformHandler(options: TransformOptions = {}): Handler {
  const { expressions, ...evaluateOptions } = options;
  return {
    entry: builtinEntry("handlers", "transform"),
    async run(params, ctx) {
      const expression = params.expression;
      if (typeof expression !== "string")
        throw new HandlerError("params.expression must be a string", "invalid-params", false);
      const { input, phases, vars } = ctx.context;
      const evaluator = expressions ?? sharedExpressionPool();
      try {
        return (await evaluator.evaluate(expression, { input, phases, vars }, evaluateOptions)) ?? null;
      } catch (error) {
        if (error instanceof ExpressionError) throw expressionFailure(error);
        throw error;
      }
    },
  };
}
