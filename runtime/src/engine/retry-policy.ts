/** Retry policy of a phase: its own `retry` over the flow's `settings.retry` over the defaults. */
import type { FlowDefinition, PhaseNode, RetryPolicy } from "@mfo/schemas";

export type ResolvedRetryPolicy = Required<RetryPolicy>;

/** One attempt, no retry, unless the flow says otherwise (a side effect is not repeated by surprise). */
export const DEFAULT_RETRY: ResolvedRetryPolicy = {
  maxAttempts: 1,
  initialDelayMs: 200,
  multiplier: 2,
  maxDelayMs: 30_000,
  jitter: true,
};

export const DEFAULT_TIMEOUT_MS = 30_000;

export function retryPolicy(definition: FlowDefinition, node: PhaseNode): ResolvedRetryPolicy {
  return { ...DEFAULT_RETRY, ...definition.settings?.retry, ...node.retry };
}

export function timeoutOf(definition: FlowDefinition, node: PhaseNode): number {
  return node.timeoutMs ?? definition.settings?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/**
 * Delay before the attempt after `attempt` (1-based): initialDelayMs * multiplier^(attempt-1), capped at
 * maxDelayMs; with jitter, a random point in its upper half, so retries of many instances spread out.
 */
export function retryDelay(policy: ResolvedRetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1));
  return Math.round(policy.jitter ? base / 2 + random() * (base / 2) : base);
}
