/**
 * The write rate limit (MFO_RATE_LIMIT): a token bucket per API key, in this process's memory. A key may send
 * `rate` state-changing requests per second with bursts of twice that; one over the limit answers 429 with a
 * Retry-After in whole seconds. Reads are never limited, and a limited request is not audited, so a flood
 * cannot turn into database writes.
 */
import type { Context } from "hono";
import { problemResponse } from "./problem.js";

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full ones (idle keys, equivalent to no bucket) are swept out. */
const SWEEP_ABOVE = 10_000;

export interface TokenBuckets {
  /** Takes one token of `key`: 0 when there was one, else the whole seconds until there will be (at least 1). */
  take(key: string): number;
}

/** Token buckets refilled at `rate` tokens per second up to `2 * rate` (at least 1); `now` in milliseconds. */
export function createTokenBuckets(rate: number, now: () => number = () => performance.now()): TokenBuckets {
  const capacity = Math.max(1, 2 * rate);
  const buckets = new Map<string, Bucket>();
  const refilled = (bucket: Bucket, at: number) => Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * rate);
  return {
    take(key) {
      const at = now();
      const bucket = buckets.get(key);
      const tokens = bucket ? refilled(bucket, at) : capacity;
      if (tokens >= 1) {
        if (!bucket && buckets.size >= SWEEP_ABOVE) {
          for (const [k, b] of buckets) if (refilled(b, at) >= capacity) buckets.delete(k);
        }
        buckets.set(key, { tokens: tokens - 1, at });
        return 0;
      }
      (bucket as Bucket).tokens = tokens;
      (bucket as Bucket).at = at;
      return Math.max(1, Math.ceil((1 - tokens) / rate));
    },
  };
}

/** Methods that change state (API.md: every POST, PUT and DELETE route). */
const WRITES = new Set(["POST", "PUT", "DELETE"]);

/**
 * The app's write limiter: given a request and the verified key that sent it, the 429 answer when the key is over
 * its limit, or undefined to go on. A rate of 0 turns it off.
 */
export function createWriteLimiter(
  rate: number,
  now?: () => number,
): (c: Context, keyId: string) => Response | undefined {
  if (rate <= 0) return () => undefined;
  const buckets = createTokenBuckets(rate, now);
  return (c, keyId) => {
    if (!WRITES.has(c.req.method)) return undefined;
    const wait = buckets.take(keyId);
    if (wait === 0) return undefined;
    return problemResponse(
      c,
      429,
      "rate-limited",
      `this API key sent more than ${rate} changes per second; retry in ${wait} s`,
      {},
      { "retry-after": String(wait) },
    );
  };
}
