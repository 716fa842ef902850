/**
 * The expression pool's limits: an expression that never returns to JSONata's own time check, that exhausts its
 * process's heap or that gives a huge result fails alone, with its code, while the event loop keeps running, and
 * the pool goes on evaluating.
 */
import { afterAll, describe, expect, it } from "vitest";
import { worstLag } from "../testing/event-loop-lag.js";
import { ExpressionError } from "./expression-error.js";
import { createExpressionPool } from "./expression-pool.js";

/** Catastrophic backtracking: one regex call that JSONata's time check never interrupts (for minutes). */
const BACKTRACKING = `$match("${"a".repeat(34)}!", /^(a+)+$/)`;

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    (value) => `resolved ${JSON.stringify(value)}`,
    (error: unknown) => (error instanceof ExpressionError ? error.code : String(error)),
  );

describe("expression pool", () => {
  const pool = createExpressionPool({ processes: 1, maxOutputBytes: 4_096 });
  const small = createExpressionPool({ processes: 1, heapMb: 32 });
  afterAll(async () => {
    await pool.close();
    await small.close();
  });

  it("stops an expression stuck in one built-in call at the hard limit, without holding the event loop", async () => {
    const started = performance.now();
    const { result, lagMs } = await worstLag(() => codeOf(pool.evaluate(BACKTRACKING, {}, { timeoutMs: 200 })));
    expect(result).toBe("expression-timeout");
    // 200 ms limit + 1 s grace; generous for a loaded machine, far below the minutes the regex would take.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(lagMs).toBeLessThan(300);
    // A new process took over.
    await expect(pool.evaluate("1 + 1", {})).resolves.toBe(2);
  });

  it("fails only the culprit: the evaluations sent with it are evaluated by the replacement", async () => {
    const culprit = codeOf(pool.evaluate(BACKTRACKING, {}, { timeoutMs: 100 }));
    const behind = [pool.evaluate("a * 2", { a: 21 }), pool.firstTrue(["a = 1", "a = 21"], { a: 21 })];
    expect(await culprit).toBe("expression-timeout");
    await expect(Promise.all(behind)).resolves.toEqual([42, 1]);
  });

  it("moves queued work to another process while one is stuck on a slow expression", async () => {
    const two = createExpressionPool({ processes: 2 });
    try {
      await two.evaluate("0", {});
      let slowDone = false;
      const slow = codeOf(two.evaluate(BACKTRACKING, {}, { timeoutMs: 5_000 })).finally(() => {
        slowDone = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(two.evaluate("1 + 1", {})).resolves.toBe(2);
      expect(slowDone).toBe(false);
      expect(await slow).toBe("expression-timeout");
    } finally {
      await two.close();
    }
  }, 30_000);

  it("fails an expression that exhausts its process's heap with expression-memory", async () => {
    const { result, lagMs } = await worstLag(() => codeOf(small.evaluate("$count([1..10000000])", {})));
    expect(result).toBe("expression-memory");
    expect(lagMs).toBeLessThan(300);
    await expect(small.evaluate("$count([1..1000])", {})).resolves.toBe(1000);
  });

  it("refuses a result over the output limit in the process, and says so", async () => {
    const error = (await pool.evaluate('$pad("", 5000)', {}).catch((e: unknown) => e)) as ExpressionError;
    expect(error.code).toBe("output-too-large");
    expect(error.message).toBe("expression failed: its result is larger than the output limit of 4096 bytes");
    expect(await codeOf(pool.resolveParams({ a: '=$pad("", 3000)', b: '=$pad("", 3000)' }, ctx))).toBe(
      "output-too-large",
    );
    await expect(pool.evaluate('$pad("", 4000)', {})).resolves.toHaveLength(4000);
  });

  it("answers params without an expression without a process", async () => {
    const params = { url: "https://example.com", n: [1, { x: true }] };
    await expect(pool.resolveParams(params, ctx)).resolves.toEqual(params);
  });

  it("fails what is pending when closed, and evaluates nothing after", async () => {
    const closing = createExpressionPool({ processes: 1 });
    const pending = codeOf(closing.evaluate(BACKTRACKING, {}));
    await closing.close();
    expect(await pending).toBe("expression-unavailable");
    expect(await codeOf(closing.evaluate("1", {}))).toBe("expression-unavailable");
  });
});

const ctx = { input: {}, phases: {}, vars: {} };
