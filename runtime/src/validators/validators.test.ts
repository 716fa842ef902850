/** The built-in validators `required`, `schema` and `expression` on phase outputs. */
import { describe, expect, it } from "vitest";
import type { HandlerContext } from "../handlers/types.js";
import { createExpressionValidator } from "./expression.js";
import { createRequiredValidator, valueAtPath } from "./required.js";
import { createSchemaValidator, SCHEMA_CACHE_LIMIT, schemaCacheSize } from "./schema.js";

const quiet = () => {};
const ctx: HandlerContext = {
  instanceId: "i-1",
  nodeId: "n",
  attempt: 1,
  idempotencyKey: "i-1:n:1",
  context: { input: { secret: 1 }, phases: {}, vars: {} },
  signal: new AbortController().signal,
  logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
};

describe("required", () => {
  const required = createRequiredValidator();
  const output = { assets: 0, ok: false, owner: { name: "ops", email: "" }, items: [{ id: "a" }], none: null };

  it("passes when every field is present, counting 0 and false as present", async () => {
    await expect(
      required.check(output, { fields: ["assets", "ok", "owner.name", "items.0.id"] }, ctx),
    ).resolves.toEqual({ ok: true });
  });

  it("fails on missing, null and empty-string fields, naming them all", async () => {
    const result = await required.check(
      output,
      { fields: ["assets", "missing", "none", "owner.email", "items.1.id"] },
      ctx,
    );
    expect(result).toEqual({ ok: false, message: "missing required fields: missing, none, owner.email, items.1.id" });
  });

  it("names a single missing field in the singular", async () => {
    await expect(required.check({}, { fields: ["a"] }, ctx)).resolves.toEqual({
      ok: false,
      message: "missing required field: a",
    });
  });

  it("does not count inherited properties as present", async () => {
    expect(valueAtPath({}, "constructor")).toBeUndefined();
    expect(valueAtPath({ a: "x" }, "a.length")).toBeUndefined();
    const result = await required.check({}, { fields: ["constructor", "__proto__", "toString"] }, ctx);
    expect(result.ok).toBe(false);
  });

  it("fails when the output is not an object", async () => {
    expect((await required.check(null, { fields: ["a"] }, ctx)).ok).toBe(false);
    expect((await required.check("text", { fields: ["length"] }, ctx)).ok).toBe(false);
  });
});

describe("schema", () => {
  const schemaValidator = createSchemaValidator();
  const schema = {
    type: "object",
    required: ["assets", "owner"],
    properties: {
      assets: { type: "integer", minimum: 0 },
      owner: { type: "string", format: "email" },
      tags: { type: "array", items: { $ref: "#/$defs/tag" } },
    },
    $defs: { tag: { type: "string", minLength: 1 } },
    "x-unknown-keyword": true,
  };

  it("passes an output that satisfies the schema, even with an unknown keyword in it", async () => {
    await expect(schemaValidator.check({ assets: 3, owner: "a@b.co", tags: ["x"] }, { schema }, ctx)).resolves.toEqual({
      ok: true,
    });
  });

  it("lists the first errors with their paths, and counts the rest", async () => {
    const result = await schemaValidator.check({ assets: -1, owner: "not-an-email", tags: ["", ""] }, { schema }, ctx);
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    expect(message).toMatch(/^output does not match the schema: /);
    expect(message).toContain("/assets must be >= 0");
    expect(message).toContain('/owner must match format "email"');
    expect(message).toContain("/tags/0 must NOT have fewer than 1 characters");
    expect(message).toContain("(and 1 more)");
  });

  it("names the root as / for errors on the whole output", async () => {
    const result = await schemaValidator.check({}, { schema }, ctx);
    expect((result as { message: string }).message).toContain("/ must have required property 'assets'");
  });

  it("accepts boolean schemas", async () => {
    await expect(schemaValidator.check({ any: 1 }, { schema: true }, ctx)).resolves.toEqual({ ok: true });
    expect((await schemaValidator.check({ any: 1 }, { schema: false }, ctx)).ok).toBe(false);
  });

  it("reports an unusable schema instead of throwing", async () => {
    const result = await schemaValidator.check({}, { schema: { type: "no-such-type" } }, ctx);
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(/^params\.schema is not usable: /);
  });

  it("compiles a schema once and reuses it for an equal schema object", async () => {
    const distinct = { type: "object", properties: { once: { const: Math.random() } } };
    await schemaValidator.check({}, { schema: distinct }, ctx);
    const size = schemaCacheSize();
    await schemaValidator.check({}, { schema: structuredClone(distinct) }, ctx);
    expect(schemaCacheSize()).toBe(size);
  });

  it("lets two different schemas use the same $id", async () => {
    const first = { $id: "https://example.com/out", type: "object", required: ["a"] };
    const second = { $id: "https://example.com/out", type: "object", required: ["b"] };
    expect((await schemaValidator.check({ a: 1 }, { schema: first }, ctx)).ok).toBe(true);
    expect((await schemaValidator.check({ a: 1 }, { schema: second }, ctx)).ok).toBe(false);
  });

  it("keeps the compiled-schema cache within its bound", async () => {
    for (let i = 0; i < SCHEMA_CACHE_LIMIT + 20; i++) {
      await schemaValidator.check({ n: i }, { schema: { type: "object", properties: { n: { maximum: i } } } }, ctx);
    }
    expect(schemaCacheSize()).toBe(SCHEMA_CACHE_LIMIT);
  });

  it("runs a backtracking pattern in linear time: ^(a+)+$ on 27 a's and a '!' in well under 100 ms", async () => {
    const hostile = { type: "object", properties: { code: { type: "string", pattern: "^(a+)+$" } } };
    await schemaValidator.check({ code: "a" }, { schema: hostile }, ctx); // compile outside the timing
    const start = performance.now();
    const result = await schemaValidator.check({ code: `${"a".repeat(27)}!` }, { schema: hostile }, ctx);
    expect(performance.now() - start).toBeLessThan(100);
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toContain('/code must match pattern "^(a+)+$"');
    await expect(schemaValidator.check({ code: "a".repeat(27) }, { schema: hostile }, ctx)).resolves.toEqual({
      ok: true,
    });
  });

  it("reports a lookahead, which the linear engine cannot run, as an unusable schema", async () => {
    const result = await schemaValidator.check(
      { code: "a" },
      { schema: { properties: { code: { pattern: "(?=a)" } } } },
      ctx,
    );
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(
      /^params\.schema is not usable: pattern "\(\?=a\)" is not supported/,
    );
  });
});

describe("expression", () => {
  const expression = createExpressionValidator();

  it("passes when the expression over the output is true", async () => {
    await expect(expression.check({ assets: 5 }, { expression: "assets >= 0 and assets < 10" }, ctx)).resolves.toEqual({
      ok: true,
    });
  });

  it.each([
    ["false", "assets < 0", "false"],
    ["a truthy number", "assets", "5"],
    ["a string", "'true'", '"true"'],
    ["nothing", "missing", "nothing"],
  ])("fails when the result is %s, saying what it gave", async (_label, source, gave) => {
    const result = await expression.check({ assets: 5 }, { expression: source }, ctx);
    expect(result).toEqual({
      ok: false,
      message: `expression ${JSON.stringify(source)} is not true for the output (it gave ${gave})`,
    });
  });

  it("evaluates over the output, not the instance context", async () => {
    expect((await expression.check({ assets: 1 }, { expression: "$exists(input.secret)" }, ctx)).ok).toBe(false);
  });

  it("fails with the evaluation error when the expression fails", async () => {
    const result = await expression.check({ assets: "x" }, { expression: "assets + 1" }, ctx);
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(/^expression failed: .* at character \d+$/);
  });
});
