/**
 * The pool's "chain" job (evaluate-chain.ts): a straight run of transforms in one round trip, each expression
 * seeing the outputs before it where the engine puts them, stopping at the first failure or at a read of what
 * only the engine knows, and the limits applying to each expression.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ExpressionError } from "./expression-error.js";
import { createExpressionPool } from "./expression-pool.js";

const BACKTRACKING = `$match("${"a".repeat(34)}!", /^(a+)+$/)`;

describe("expression pool: chain", () => {
  const pool = createExpressionPool({ processes: 1, maxOutputBytes: 4_096 });
  afterAll(async () => {
    await pool.close();
  });
  const started = {
    status: "running",
    attempts: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: null,
    error: null,
  };
  const data = { input: { n: 2 }, phases: { a: started }, vars: { k: "v" } };

  it("gives each expression the phases before it completed and its own started", async () => {
    const result = await pool.chain(
      [
        { nodeId: "a", source: "input.n + 1" },
        { nodeId: "b", source: '{ "n": phases.a.output * 10, "a": phases.a.status, "own": phases.b.status }' },
        { nodeId: "c", source: '{ "keys": $keys(phases), "tries": phases.b.attempts, "k": vars.k, "none": nothing }' },
        { nodeId: "d", source: "phases.c.output.none" },
      ],
      data,
    );
    expect(result).toEqual({
      outputs: [3, { n: 30, a: "completed", own: "running" }, { keys: ["a", "b", "c"], tries: 1, k: "v" }, null],
    });
  });

  it("keeps the first step's own timestamps, which the engine wrote before the job", async () => {
    const result = await pool.chain([{ nodeId: "a", source: "phases.a.startedAt" }], data);
    expect(result).toEqual({ outputs: ["2026-01-01T00:00:00.000Z"] });
  });

  it("stops before an expression that reads a chained phase's timestamps, with no error", async () => {
    const result = await pool.chain(
      [
        { nodeId: "a", source: "1" },
        { nodeId: "b", source: "2" },
        { nodeId: "c", source: "$string(phases.b)" },
        { nodeId: "d", source: "4" },
      ],
      data,
    );
    expect(result).toEqual({ outputs: [1, 2] });
  });

  it("stops at the first failure with the error a single evaluation gives", async () => {
    const alone = await pool.evaluate('$error("boom")', data).catch((e: ExpressionError) => e);
    const result = await pool.chain(
      [
        { nodeId: "a", source: "1" },
        { nodeId: "b", source: '$error("boom")' },
        { nodeId: "c", source: "3" },
      ],
      data,
    );
    expect(alone).toBeInstanceOf(ExpressionError);
    const { message, code, position } = alone as ExpressionError;
    expect(result).toEqual({ outputs: [1], error: { message, code, position } });
  });

  it("applies the output limit to each result, not to the chain", async () => {
    const result = await pool.chain(
      [
        { nodeId: "a", source: '$pad("", 3000)' },
        { nodeId: "b", source: '$pad("", 3000)' },
        { nodeId: "c", source: '$pad("", 5000)' },
      ],
      data,
    );
    expect(result.outputs).toHaveLength(2);
    expect(result.error?.code).toBe("output-too-large");
  });

  it("fails the whole job with expression-timeout when one expression never returns to the time check", async () => {
    const chain = pool.chain(
      [
        { nodeId: "a", source: "1" },
        { nodeId: "b", source: BACKTRACKING },
      ],
      data,
      { timeoutMs: 100 },
    );
    await expect(chain).rejects.toMatchObject({ code: "expression-timeout" });
    await expect(pool.evaluate("1 + 1", {})).resolves.toBe(2);
  }, 30_000);
});
