/**
 * What the engine, handlers and validators see of the expression pool (expression-pool.ts), and its settings.
 */
import type { InstanceContext } from "@mfo/schemas";
import type { EvaluateOptions } from "./expression-error.js";
import type { ChainResult, ChainStep } from "./pool-protocol.js";

/** Evaluation of user expressions, away from the event loop. `data` must not change until the promise settles. */
export interface ExpressionEvaluator {
  /** The expression's value over `data` as plain JSON, undefined when nothing matched; rejects with ExpressionError. */
  evaluate(source: string, data: unknown, options?: EvaluateOptions): Promise<unknown>;
  /** The index of the first of `sources` that is exactly `true` over `data` (later ones are not run), -1 for none. */
  firstTrue(sources: readonly string[], data: unknown, options?: EvaluateOptions): Promise<number>;
  /**
   * `params` with every "=" string replaced by its value over `{ input, phases, vars }` (see evaluate.ts); with
   * `secretNonce`, `$secret("name")` gives the secret's marker (secret-marker.ts), else calling it fails.
   */
  resolveParams(
    params: Record<string, unknown>,
    context: InstanceContext,
    options?: EvaluateOptions & { secretNonce?: string },
  ): Promise<Record<string, unknown>>;
  /**
   * A straight run of `transform` phases in one job (see evaluate-chain.ts): `data` is `{ input, phases, vars }`
   * as the first step sees it. Absent: no chaining, each phase is evaluated on its own.
   */
  chain?(steps: readonly ChainStep[], data: unknown, options?: EvaluateOptions): Promise<ChainResult>;
}

export interface ExpressionPool extends ExpressionEvaluator {
  chain(steps: readonly ChainStep[], data: unknown, options?: EvaluateOptions): Promise<ChainResult>;
  /** Starts a process now rather than at the first evaluation, which would otherwise wait for it. */
  warm(): void;
  /** Ends the processes; evaluations not done yet fail with `expression-unavailable`. */
  close(): Promise<void>;
}

export interface ExpressionPoolOptions {
  /** Processes evaluating at once (MFO_EXPRESSION_WORKERS); default 2. */
  processes?: number;
  /** V8 heap limit of each, in MB (MFO_EXPRESSION_HEAP_MB); default 128. */
  heapMb?: number;
  /** Largest result as JSON, in bytes (MFO_EXPRESSION_OUTPUT_BYTES); default 1 MiB. */
  maxOutputBytes?: number;
  /** How long past its time limit a job may run before its process is killed; default 1000 ms. */
  graceMs?: number;
}

export const DEFAULT_POOL_OPTIONS: Required<ExpressionPoolOptions> = {
  processes: 2,
  heapMb: 128,
  maxOutputBytes: 1_048_576,
  graceMs: 1_000,
};
