import { randomBytes } from "node:crypto";
import { builtinCatalogue, type CatalogueEntry, type PhaseNode } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { REDACTED, textRedactor } from "../crypto/redact.js";
import { createSealer } from "../crypto/sealer.js";
import { sharedExpressionPool } from "../expression/shared-pool.js";
import { createLogHandler } from "../handlers/log.js";
import { createNoopHandler } from "../handlers/noop.js";
import type { HandlerLogger, ValidatorResult } from "../handlers/types.js";
import { runPhase } from "./run-phase.js";
import type { EngineDeps } from "./types.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Engine deps with the noop and log handlers and one `schema` validator whose verdict `check` decides. */
function testDeps(
  check: (params: Record<string, unknown>) => ValidatorResult,
  logger: HandlerLogger = quiet,
): EngineDeps {
  return {
    handlers: new Map([
      ["noop", createNoopHandler()],
      ["log", createLogHandler()],
    ]),
    validators: new Map([
      [
        "schema",
        {
          entry: builtinCatalogue.validators.find((v) => v.name === "schema") as CatalogueEntry,
          check: async (_output: unknown, params: Record<string, unknown>) => check(params),
        },
      ],
    ]),
    expressions: sharedExpressionPool(),
    logger,
    sealer: createSealer({ current: randomBytes(32) }),
    now: () => new Date(),
    random: Math.random,
    prepareChild: async () => {
      throw new Error("unused");
    },
  };
}

describe("runPhase", () => {
  it("resolves '=' params but passes params that are JSON Schemas through literally", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const deps = testDeps((params) => {
      seen.push(params);
      return { ok: true };
    });
    const node: PhaseNode = {
      id: "check",
      type: "phase",
      handler: "noop",
      params: { output: { total: "=input.a + input.b" } },
      validators: [{ type: "schema", params: { schema: { properties: { op: { const: "=(" } } } } }],
    };
    const context = { input: { a: 2, b: 3 }, phases: {}, vars: {} };
    const result = await runPhase(deps, sampleFlow(), node, context, { instanceId: "i", attempt: 1 });
    expect(result).toMatchObject({ ok: true, output: { total: 5 } });
    expect(result.record).toMatchObject({
      params: { output: { total: 5 } },
      validators: [{ type: "schema", ok: true }],
      logs: null,
      logsTruncated: false,
      idempotencyKey: "i:check:1",
    });
    expect(result.record.durationMs).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual([{ schema: { properties: { op: { const: "=(" } } } }]);
  });

  it("cuts the instance's secrets out of what a handler logs", async () => {
    const lines: string[] = [];
    const logger = {
      ...quiet,
      warn: (fields: object, message: string) => lines.push(`${message} ${JSON.stringify(fields)}`),
    };
    const node: PhaseNode = {
      id: "note",
      type: "phase",
      handler: "log",
      params: { level: "warn", message: "=input.key & ' in use'", fields: { key: "=input.key", list: ["=input.key"] } },
    };
    const context = { input: { key: "sk-live-1234" }, phases: {}, vars: {} };
    const result = await runPhase(
      testDeps(() => ({ ok: true }), logger),
      sampleFlow(),
      node,
      context,
      {
        instanceId: "i",
        attempt: 1,
        redact: textRedactor(["sk-live-1234"]),
      },
    );
    expect(lines).toEqual([`${REDACTED} in use {"key":"${REDACTED}","list":["${REDACTED}"]}`]);
    expect(result.record.logs).toEqual([
      {
        at: expect.any(String),
        level: "warn",
        message: `${REDACTED} in use`,
        fields: { key: REDACTED, list: [REDACTED] },
      },
    ]);
    expect(JSON.stringify(result.record.logs)).not.toContain("sk-live-1234");
  });

  it("keeps 100 of a handler's log lines and marks the record truncated, while every line reaches the logger", async () => {
    let logged = 0;
    const deps = testDeps(() => ({ ok: true }), { ...quiet, info: () => logged++ });
    const chatty = {
      entry: builtinCatalogue.handlers.find((h) => h.name === "noop") as CatalogueEntry,
      run: async (_params: Record<string, unknown>, ctx: { logger: HandlerLogger }) => {
        for (let i = 0; i < 200; i++) ctx.logger.info({ i }, `line ${i}`);
        return {};
      },
    };
    (deps.handlers as Map<string, unknown>).set("chatty", chatty);
    const node: PhaseNode = { id: "talk", type: "phase", handler: "chatty" };
    const result = await runPhase(
      deps,
      sampleFlow(),
      node,
      { input: {}, phases: {}, vars: {} },
      {
        instanceId: "i",
        attempt: 2,
      },
    );
    expect(logged).toBe(200);
    expect(result.record.logs).toHaveLength(100);
    expect(result.record.logs?.[99]).toMatchObject({ level: "info", message: "line 99", fields: { i: 99 } });
    expect(result.record.logsTruncated).toBe(true);
    expect(result.record.idempotencyKey).toBe("i:talk:2");
  });

  it("records the validators that ran up to the first that failed", async () => {
    const deps = testDeps((params) => (params.pass ? { ok: true } : { ok: false, message: "too small" }));
    const node: PhaseNode = {
      id: "check",
      type: "phase",
      handler: "noop",
      params: { output: { n: 1 } },
      validators: [
        { type: "schema", params: { pass: true } },
        { type: "schema", params: { pass: false } },
        { type: "schema", params: { pass: true } },
      ],
    };
    const result = await runPhase(
      deps,
      sampleFlow(),
      node,
      { input: {}, phases: {}, vars: {} },
      {
        instanceId: "i",
        attempt: 1,
      },
    );
    expect(result.ok).toBe(false);
    expect(result.record.validators).toEqual([
      { type: "schema", ok: true },
      { type: "schema", ok: false, message: "too small" },
    ]);
  });

  it("cuts the phase's own sensitive output out of a failed validation's message", async () => {
    const node: PhaseNode = {
      id: "login",
      type: "phase",
      handler: "noop",
      params: { output: { token: "tok-98765", user: "ada" } },
      validators: [{ type: "schema", params: {} }],
      sensitive: ["token"],
    };
    const deps = testDeps(() => ({ ok: false, message: "tok-98765 is not valid for ada" }));
    const result = await runPhase(
      deps,
      sampleFlow(),
      node,
      { input: {}, phases: {}, vars: {} },
      {
        instanceId: "i",
        attempt: 1,
      },
    );
    expect(result).toMatchObject({ ok: false, code: "validation-failed", message: `${REDACTED} is not valid for ada` });
  });
});
