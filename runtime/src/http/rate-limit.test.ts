/** The token buckets behind the write rate limit, on a clock the test moves by hand. */
import { describe, expect, it } from "vitest";
import { createTokenBuckets } from "./rate-limit.js";

function clock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe("token buckets", () => {
  it("lets a key burst twice its rate, then says how many whole seconds until the next token", () => {
    const time = clock();
    const buckets = createTokenBuckets(5, time.now);
    const burst = Array.from({ length: 10 }, () => buckets.take("k"));
    expect(burst).toEqual(Array(10).fill(0));
    expect(buckets.take("k")).toBe(1);
    time.advance(199);
    expect(buckets.take("k")).toBe(1); // 0.995 tokens: not yet
    time.advance(1);
    expect(buckets.take("k")).toBe(0);
  });

  it("refills at the rate, never past the burst", () => {
    const time = clock();
    const buckets = createTokenBuckets(2, time.now);
    for (let i = 0; i < 4; i++) buckets.take("k");
    time.advance(60_000);
    const allowed = Array.from({ length: 6 }, () => buckets.take("k")).filter((wait) => wait === 0);
    expect(allowed).toHaveLength(4);
  });

  it("rounds a wait of a fraction of a second up to 1, and a longer one up to whole seconds", () => {
    const time = clock();
    const slow = createTokenBuckets(0.25, time.now); // one token per 4 s, a burst of 1
    expect(slow.take("k")).toBe(0);
    expect(slow.take("k")).toBe(4);
    time.advance(2_500);
    expect(slow.take("k")).toBe(2);
    const fast = createTokenBuckets(1_000, time.now);
    for (let i = 0; i < 2_000; i++) fast.take("k");
    expect(fast.take("k")).toBe(1);
  });

  it("keeps one bucket per key", () => {
    const time = clock();
    const buckets = createTokenBuckets(1, time.now);
    buckets.take("a");
    buckets.take("a");
    expect(buckets.take("a")).toBe(1);
    expect(buckets.take("b")).toBe(0);
  });
});
