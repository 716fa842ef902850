/**
 * Evaluation, the time limit, the sandbox and "=" params: what the engine relies on when it runs expressions
 * that flow authors wrote.
 */
import type { InstanceContext } from "@mfo/schemas";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  clearExpressionCache,
  EXPRESSION_CACHE_LIMIT,
  evaluateExpression as evaluateHere,
  expressionCacheSize,
} from "./evaluate.js";
import { type EvaluateOptions, ExpressionError } from "./expression-error.js";
import { createExpressionPool } from "./expression-pool.js";

// Through the pool, as the engine evaluates: what crosses to the expression process and back is part of it.
// A roomy heap: these check JSONata's own limits, and a 10^7 range (80 MB and more) would otherwise meet the
// default 128 MB heap limit first (expression-pool.test.ts checks that one).
const pool = createExpressionPool({ heapMb: 512 });
afterAll(() => pool.close());
const evaluateExpression = (source: string, data: unknown, options?: EvaluateOptions) =>
  pool.evaluate(source, data, options);
const resolveParams = (params: Record<string, unknown>, context: InstanceContext, options?: EvaluateOptions) =>
  pool.resolveParams(params, context, options);

const context: InstanceContext = {
  input: { count: 3, items: [{ price: 2 }, { price: 5 }], name: "estate" },
  phases: {
    import: {
      output: { assets: 120 },
      status: "completed",
      attempts: 1,
      startedAt: "2024-01-01T00:00:00Z",
      finishedAt: "2024-01-01T00:00:01Z",
      error: null,
    },
  },
  vars: { region: "eu" },
};

/** The error an evaluation rejected with, failing the test when it resolved instead. */
async function failure(promise: Promise<unknown>): Promise<ExpressionError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExpressionError);
  return error as ExpressionError;
}

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe("evaluateExpression", () => {
  it("evaluates JSONata over the data", async () => {
    await expect(evaluateExpression("$sum(input.items.price) * input.count", context)).resolves.toBe(21);
    await expect(evaluateExpression("phases.import.output.assets > 100", context)).resolves.toBe(true);
    await expect(
      evaluateExpression("{ 'total': $count(input.items), 'region': vars.region }", context),
    ).resolves.toEqual({ total: 2, region: "eu" });
  });

  it("gives undefined when nothing matches", async () => {
    await expect(evaluateExpression("input.missing", context)).resolves.toBeUndefined();
  });

  it("returns plain JSON objects and arrays, not JSONata sequences or null-prototype objects", async () => {
    const result = (await evaluateExpression("{ 'prices': input.items.price, 'first': input.items[0] }", context)) as {
      prices: number[];
      first: object;
    };
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.first)).toBe(Object.prototype);
    expect(Object.keys(result.prices)).toEqual(["0", "1"]);
    expect(JSON.stringify(result)).toBe('{"prices":[2,5],"first":{"price":2}}');
  });

  it("does not mutate the data it is given", async () => {
    const data = { a: { b: 1 } };
    await evaluateExpression("$ ~> | a | { 'b': 2 } |", data);
    expect(data).toEqual({ a: { b: 1 } });
  });

  it("reports a parse error with its code and position on one line", async () => {
    const error = await failure(evaluateExpression("input.count +", context));
    expect(error.code).toMatch(/^S0/);
    expect(error.message).toMatch(/^expression does not parse: .+ at character \d+$/);
    expect(error.message).not.toContain("\n");
  });

  it("reports an evaluation error as an ExpressionError with the JSONata code and position", async () => {
    const error = await failure(evaluateExpression("input.count + input.name", context));
    expect(error.code).toBe("T2002");
    expect(error.position).toBeTypeOf("number");
    expect(error.message).toMatch(/^expression failed: .+ at character \d+$/);
  });

  it("rejects an empty expression", async () => {
    expect((await failure(evaluateExpression("  ", context))).code).toBe("empty-expression");
  });

  it("rejects a result that is not JSON, such as a function", async () => {
    expect((await failure(evaluateExpression("function($x) { $x }", context))).code).toBe("invalid-result");
    expect((await failure(evaluateExpression("{ 'f': $uppercase }", context))).code).toBe("invalid-result");
  });

  it("rejects a time limit that is not positive", async () => {
    await expect(evaluateExpression("1", {}, { timeoutMs: 0 })).rejects.toThrow(RangeError);
  });
});

describe("time limit", () => {
  it("stops a runaway tail-recursive function at the time limit", async () => {
    const started = Date.now();
    const error = await failure(evaluateExpression("($f := function() { $f() }; $f())", {}, { timeoutMs: 100 }));
    expect(error.code).toBe("D1012");
    expect(error.message).toMatch(/^expression failed: Evaluation timeout after 100 milliseconds/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops a runaway loop over a long range at the time limit", async () => {
    const error = await failure(
      evaluateExpression("$reduce([1..10000000], function($a, $b) { $a + $b })", {}, { timeoutMs: 50 }),
    );
    expect(error.code).toBe("D1012");
  });

  it("stops an endless non-tail recursion by depth before it exhausts memory", async () => {
    const started = Date.now();
    const error = await failure(evaluateExpression("($f := function($n) { $n + $f($n + 1) }; $f(1))", {}));
    expect(error.code).toBe("D1011");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("applies a default limit of one second", async () => {
    const started = Date.now();
    const error = await failure(evaluateExpression("($f := function() { $f() }; $f())", {}));
    expect(error.code).toBe("D1012");
    expect(error.message).toContain("1000 milliseconds");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("allows legitimate recursion a few hundred levels deep", async () => {
    const source = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(500))";
    await expect(evaluateExpression(source, {})).resolves.toBe(500);
  });

  it("keeps the time limit per evaluation when the same source is compiled with two limits", async () => {
    const source = "($f := function() { $f() }; $f())";
    expect((await failure(evaluateExpression(source, {}, { timeoutMs: 30 }))).message).toContain(
      "after 30 milliseconds",
    );
    expect((await failure(evaluateExpression(source, {}, { timeoutMs: 60 }))).message).toContain(
      "after 60 milliseconds",
    );
  });
});

describe("sandbox", () => {
  it.each([
    "$.constructor",
    "input.constructor",
    "input.constructor.constructor('return process')()",
    "$string.constructor",
    "$lookup(input, 'constructor')",
    "input.__proto__",
    "input.__proto__.constructor",
    "$keys(input.__proto__)",
    "$eval('$.constructor')",
    "input.items.constructor",
    "$sift(input, function($v) { true }).constructor",
  ])("%s reaches nothing", async (source) => {
    await expect(evaluateExpression(source, context)).resolves.toBeUndefined();
  });

  it("cannot call Function through a built-in function's constructor", async () => {
    expect((await failure(evaluateExpression("$string.constructor('return process')()", context))).code).toBe("T1006");
  });

  it("does not see functions or class instances placed in the data", async () => {
    const data = { input: { leak: () => process, when: new Map([["a", 1]]) } };
    expect((await failure(evaluateExpression("input.leak()", data))).code).toBe("T1006");
    await expect(evaluateExpression("$type(input.leak)", data)).resolves.toBeUndefined();
    await expect(evaluateExpression("$keys(input.when)", data)).resolves.toBeUndefined();
  });

  it.each([
    "{ '__proto__': { 'polluted': true } }",
    "$merge([{}, { '__proto__': { 'polluted': true } }])",
    "$ ~> | input | { '__proto__': { 'polluted': true } } |",
    "$ ~> | $ | { 'constructor': { 'prototype': { 'polluted': true } } } |",
    "$spread({ '__proto__': { 'polluted': true } })",
  ])("%s does not pollute Object.prototype", async (source) => {
    const result = await evaluateExpression(source, context);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result !== null && typeof result === "object" && !Array.isArray(result)) {
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    }
  });

  it("keeps a __proto__ key of the data as an ordinary property", async () => {
    const data = JSON.parse('{ "input": { "__proto__": { "polluted": true } } }');
    await expect(evaluateExpression("input.__proto__.polluted", data)).resolves.toBe(true);
    const result = (await evaluateExpression("input", data)) as object;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// The cache lives in each process that evaluates: checked here, in this one.
describe("compiled-expression cache", () => {
  it("reuses a compiled expression for the same source", async () => {
    clearExpressionCache();
    await evaluateHere("input.count", context);
    await evaluateHere("input.count", context);
    expect(expressionCacheSize()).toBe(1);
  });

  it("stays within its bound, evicting the least recently used", async () => {
    clearExpressionCache();
    for (let i = 0; i < EXPRESSION_CACHE_LIMIT + 50; i++) await evaluateHere(`${i} + 1`, {});
    expect(expressionCacheSize()).toBe(EXPRESSION_CACHE_LIMIT);
  });
});

describe("resolveParams", () => {
  it("replaces every '=' string at any depth by its value over the context", async () => {
    const params = {
      url: "='https://api.example.com/' & vars.region",
      headers: { "X-Count": "=$string(input.count)", Accept: "application/json" },
      body: { assets: "=phases.import.output.assets", tags: ["static", "=input.name"] },
      retries: 2,
      enabled: true,
      none: null,
    };
    await expect(resolveParams(params, context)).resolves.toEqual({
      url: "https://api.example.com/eu",
      headers: { "X-Count": "3", Accept: "application/json" },
      body: { assets: 120, tags: ["static", "estate"] },
      retries: 2,
      enabled: true,
      none: null,
    });
  });

  it("leaves the params it was given unchanged", async () => {
    const params = { a: { b: "=input.count" } };
    await resolveParams(params, context);
    expect(params).toEqual({ a: { b: "=input.count" } });
  });

  it("names the param whose expression failed", async () => {
    const error = await failure(resolveParams({ body: { items: ["ok", "=input.count +"] } }, context));
    expect(error.message).toMatch(/^params\.body\.items\[1\]: expression does not parse: /);
    expect(error.code).toMatch(/^S0/);
  });

  it("only sees input, phases and vars of the context", async () => {
    const withExtra = { ...context, secret: "hidden" } as InstanceContext;
    await expect(resolveParams({ s: "=secret", k: "=$keys($)" }, withExtra)).resolves.toEqual({
      s: undefined,
      k: ["input", "phases", "vars"],
    });
  });

  it("copies a __proto__ key as data without changing the copy's prototype", async () => {
    const params = JSON.parse('{ "__proto__": { "polluted": "=true" } }');
    const resolved = await resolveParams(params, context);
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(resolved, "__proto__")?.value).toEqual({ polluted: true });
  });

  it("applies the time limit to each expression", async () => {
    const error = await failure(resolveParams({ x: "=($f := function() { $f() }; $f())" }, context, { timeoutMs: 20 }));
    expect(error.code).toBe("D1012");
    expect(error.message).toMatch(/^params\.x: expression failed: Evaluation timeout/);
  });
});
