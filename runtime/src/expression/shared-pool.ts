/**
 * The expression pool of this process for code that is given none: the built-in handlers and validators made
 * without one (tests, `runtimeCatalogue`, embedders) and the engine test harness. The runtime makes its own
 * (createRuntime, with the MFO_EXPRESSION_* settings) and closes it. Started on first use; idle, its processes
 * do not keep this process alive, so it is never closed.
 */
import { createExpressionPool, type ExpressionEvaluator, type ExpressionPool } from "./expression-pool.js";

let shared: ExpressionPool | undefined;

/** The shared pool, with the default limits. */
export function sharedExpressionPool(): ExpressionEvaluator {
  shared ??= createExpressionPool();
  return shared;
}
