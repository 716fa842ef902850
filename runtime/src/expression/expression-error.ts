/**
 * What both sides of expression evaluation share: the error an expression fails with, its codes, and the time
 * limit option. Free of jsonata, so the main thread can use it without loading the evaluator.
 */

export interface EvaluateOptions {
  /** Longest an evaluation may run, in milliseconds; default 1000. */
  timeoutMs?: number;
}

export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1000;

/**
 * The codes of an evaluation stopped by a limit of the expression processes (expression-pool.ts), as a step
 * reports them. A time limit and a memory limit can depend on the load and on what else the process held, so
 * another attempt may pass: retryable. A result over the output limit is the same on every attempt (same
 * expression, same context): not retryable, like any expression that fails.
 */
export const LIMIT_CODES = {
  "expression-timeout": { retryable: true },
  "expression-memory": { retryable: true },
  "output-too-large": { retryable: false },
  // No expression process could be started: the machine's trouble, not the expression's.
  "expression-unavailable": { retryable: true },
} as const;

export type LimitCode = keyof typeof LIMIT_CODES;

/** An expression that did not parse, failed, ran too long or gave a non-JSON result. `message` is one line. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    /** The JSONata code (e.g. S0202, T2001, D1012 for JSONata's own time check, D1011 for depth) or one of ours. */
    readonly code: string,
    /** Character offset in the expression, when JSONata knows it. */
    readonly position?: number,
  ) {
    super(message);
    this.name = "ExpressionError";
  }

  /**
   * The limit this failure hit, if any: JSONata's own time check (D1012) is the same limit as the processes'
   * hard stop, caught earlier; undefined for an expression that simply fails.
   */
  get limit(): LimitCode | undefined {
    if (this.code === "D1012") return "expression-timeout";
    return Object.hasOwn(LIMIT_CODES, this.code) ? (this.code as LimitCode) : undefined;
  }
}

/** The time limit of `options`, checked: a RangeError when it is not a positive number. */
export function timeoutOf(options?: EvaluateOptions): number {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_EXPRESSION_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  return timeoutMs;
}
