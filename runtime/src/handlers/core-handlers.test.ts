/** The pure built-in handlers `noop` and `transform`, and `log`, which only writes through the attempt's logger. */
import type { InstanceContext } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { ExpressionError } from "../expression/expression-error.js";
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import { createLogHandler } from "./log.js";
import { createNoopHandler } from "./noop.js";
import { createTransformHandler } from "./transform.js";
import { type HandlerContext, HandlerError } from "./types.js";

type Line = { level: string; fields: Record<string, unknown>; message: string };

function context(instance: InstanceContext = { input: {}, phases: {}, vars: {} }): HandlerContext & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return {
    instanceId: "i-1",
    nodeId: "n",
    attempt: 1,
    idempotencyKey: "i-1:n:1",
    context: instance,
    signal: new AbortController().signal,
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    lines,
  };
}

describe("noop", () => {
  it("returns params.output", async () => {
    await expect(createNoopHandler().run({ output: { a: 1 } }, context())).resolves.toEqual({ a: 1 });
  });

  it("returns an empty object without params.output", async () => {
    await expect(createNoopHandler().run({}, context())).resolves.toEqual({});
  });
});

describe("transform", () => {
  const instance: InstanceContext = {
    input: { count: 150 },
    phases: { scan: { output: { hosts: ["a", "b"] }, status: "completed", attempts: 1 } },
    vars: { threshold: 100 },
  };

  it("returns the expression's value over input, phases and vars", async () => {
    const params = {
      expression:
        "{ 'assets': input.count, 'big': input.count > vars.threshold, 'hosts': $count(phases.scan.output.hosts) }",
    };
    await expect(createTransformHandler().run(params, context(instance))).resolves.toEqual({
      assets: 150,
      big: true,
      hosts: 2,
    });
  });

  it("gives null when the expression matches nothing", async () => {
    await expect(createTransformHandler().run({ expression: "input.missing" }, context(instance))).resolves.toBeNull();
  });

  it("fails with a non-retryable HandlerError when the expression fails", async () => {
    const error = await createTransformHandler()
      .run({ expression: "input.count + 'x'" }, context(instance))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerError);
    expect((error as HandlerError).code).toBe("expression-failed");
    expect((error as HandlerError).retryable).toBe(false);
    expect((error as HandlerError).message).toMatch(/^expression failed: .* at character \d+$/);
  });

  it("applies its time limit", async () => {
    const error = await createTransformHandler({ timeoutMs: 50 })
      .run({ expression: "($f := function() { $f() }; $f())" }, context(instance))
      .catch((e: unknown) => e);
    expect((error as HandlerError).message).toContain("timeout after 50 milliseconds");
  });
});

describe("transform stopped by a limit of the expression pool", () => {
  /** An evaluator whose every evaluation fails with `code`. */
  const failingWith = (code: string): ExpressionEvaluator => ({
    evaluate: async () => {
      throw new ExpressionError(`expression failed: ${code}`, code);
    },
    firstTrue: async () => -1,
    resolveParams: async (params) => params,
  });
  const failure = async (code: string) =>
    (await createTransformHandler({ expressions: failingWith(code) })
      .run({ expression: "x" }, context())
      .catch((e: unknown) => e)) as HandlerError;

  it.each([
    ["expression-timeout", "expression-timeout", true],
    ["D1012", "expression-timeout", true],
    ["expression-memory", "expression-memory", true],
    ["output-too-large", "output-too-large", false],
    ["T2002", "expression-failed", false],
  ])("%s fails the attempt as %s, retryable %s", async (code, stepCode, retryable) => {
    const error = await failure(code);
    expect(error).toBeInstanceOf(HandlerError);
    expect(error.code).toBe(stepCode);
    expect(error.retryable).toBe(retryable);
  });
});

describe("log", () => {
  it("logs the message and fields at the given level and returns { logged: true }", async () => {
    const ctx = context();
    const result = await createLogHandler().run({ message: "scanned", level: "warn", fields: { hosts: 2 } }, ctx);
    expect(result).toEqual({ logged: true });
    expect(ctx.lines).toEqual([{ level: "warn", fields: { hosts: 2 }, message: "scanned" }]);
  });

  it("logs at info without a level or fields", async () => {
    const ctx = context();
    await createLogHandler().run({ message: "hello" }, ctx);
    expect(ctx.lines).toEqual([{ level: "info", fields: {}, message: "hello" }]);
  });

  it("does not hand the logger the flow's own fields object", async () => {
    const ctx = context();
    const fields = { a: 1 };
    await createLogHandler().run({ message: "m", fields }, ctx);
    expect(ctx.lines[0]?.fields).not.toBe(fields);
  });
});
