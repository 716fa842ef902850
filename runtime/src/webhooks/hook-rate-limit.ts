/**
 * The per-hook call limit (rateLimitPerMinute), in this process's memory: a token bucket per hook holding up to a
 * minute's calls and refilled evenly over the minute, so a hook takes its limit in a burst and then that many
 * per minute. Over it, the caller is told how many whole seconds until the next call is accepted (Retry-After).
 */

interface Bucket {
  tokens: number;
  at: number;
  perMinute: number;
}

/** Buckets kept before full ones (idle hooks, the same as no bucket) are swept out. */
const SWEEP_ABOVE = 10_000;

export interface HookRateLimiter {
  /** Takes one call of `hookId`'s budget: 0 when there was one, else the seconds to wait (at least 1). */
  take(hookId: string, perMinute: number): number;
}

/** `now` in milliseconds. */
export function createHookRateLimiter(now: () => number = () => performance.now()): HookRateLimiter {
  const buckets = new Map<string, Bucket>();
  const refilled = (bucket: Bucket, at: number, perMinute: number) =>
    Math.min(perMinute, bucket.tokens + ((at - bucket.at) / 60_000) * perMinute);
  const sweep = (at: number) => {
    for (const [id, b] of buckets) if (refilled(b, at, b.perMinute) >= b.perMinute) buckets.delete(id);
  };
  return {
    take(hookId, perMinute) {
      const at = now();
      const bucket = buckets.get(hookId);
      const tokens = bucket ? refilled(bucket, at, perMinute) : perMinute;
      if (tokens >= 1) {
        if (!bucket && buckets.size >= SWEEP_ABOVE) sweep(at);
        buckets.set(hookId, { tokens: tokens - 1, at, perMinute });
        return 0;
      }
      buckets.set(hookId, { tokens, at, perMinute });
      return Math.max(1, Math.ceil(((1 - tokens) * 60) / perMinute));
    },
  };
}
