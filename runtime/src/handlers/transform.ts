/**
 * The `transform` handler: a JSONata expression over the instance context whose result is the phase output.
 * An expression that fails will fail the same way on every attempt, so its error is not retryable; one stopped
 * by a limit of the expression pool says which (`expression-timeout`, `expression-memory`, `output-too-large`)
 * and is retryable as expression-error.ts says.
 */
import { type EvaluateOptions, ExpressionError, LIMIT_CODES, timeoutOf } from "../expression/expression-error.js";
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import type { ChainResult, ChainStep } from "../expression/pool-protocol.js";
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

/** How a `transform` handler made here evaluates a straight run of its phases in one job (engine/transform-chain.ts). */
export interface TransformChain {
  /** Its expressions' time limit (ms): what one evaluation may take, the pool's grace aside. */
  timeoutMs: number;
  run(steps: readonly ChainStep[], data: unknown): Promise<ChainResult>;
}

// Keyed by the handler object: only the handlers this module made (so the built-in `transform`, with the
// evaluator and the time limit it was given) can be chained; a pack's or a test's handler of that name cannot.
const chains = new WeakMap<Handler, TransformChain>();

/** The chain evaluation of `handler` when it is a `transform` made here and its evaluator can chain. */
export function transformChain(handler: Handler | undefined): TransformChain | undefined {
  return handler ? chains.get(handler) : undefined;
}

/** Evaluates `params.expression` over `{ input, phases, vars }`; no match gives null, JSON's "nothing". */
export function createTransformHandler(options: TransformOptions = {}): Handler {
  const { expressions, ...evaluateOptions } = options;
  const handler: Handler = {
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
  const evaluator = expressions ?? sharedExpressionPool();
  if (evaluator.chain)
    chains.set(handler, {
      timeoutMs: timeoutOf(evaluateOptions),
      run: async (steps, data) => (await evaluator.chain?.(steps, data, evaluateOptions)) ?? { outputs: [] },
    });
  return handler;
}
