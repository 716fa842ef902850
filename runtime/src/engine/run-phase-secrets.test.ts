import { randomBytes } from "node:crypto";
import type { PhaseNode } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { createSealer } from "../crypto/sealer.js";
import { sharedExpressionPool } from "../expression/shared-pool.js";
import { type Handler, HandlerError, type HandlerLogger } from "../handlers/types.js";
import type { SecretVault } from "../secrets/secret-vault.js";
import { runPhase } from "./run-phase.js";
import type { EngineDeps } from "./types.js";

const TOKEN = "tok-4f1c9a7e-canary";

/** A handler that logs its params, answers them as its output, or fails with them in its message. */
function echoHandler(seen: Array<Record<string, unknown>>): Handler {
  return {
    entry: {
      name: "echo",
      title: "Echo",
      description: "answers its params",
      paramsSchema: { type: "object" },
    } as Handler["entry"],
    async run(params, context) {
      seen.push(params);
      context.logger.info({ params }, `called with ${JSON.stringify(params)}`);
      if (params.fail) throw new HandlerError(`refused ${JSON.stringify(params)}`, "refused", false);
      return { echoed: params };
    },
  };
}

/** One tenant "t1" with the secret api-token; reads are counted. */
function vault(reads: string[]): SecretVault {
  return {
    async read(tenantId, name) {
      reads.push(`${tenantId}/${name}`);
      return tenantId === "t1" && name === "api-token" ? TOKEN : undefined;
    },
    async write() {
      throw new Error("unused");
    },
    open() {
      throw new Error("unused");
    },
  };
}

function testDeps(seen: Array<Record<string, unknown>>, lines: string[], reads: string[] = []): EngineDeps {
  const logger: HandlerLogger = {
    debug() {},
    info: (fields, message) => lines.push(`${message} ${JSON.stringify(fields)}`),
    warn() {},
    error() {},
  };
  return {
    handlers: new Map([["echo", echoHandler(seen)]]),
    validators: new Map(),
    expressions: sharedExpressionPool(),
    logger,
    sealer: createSealer({ current: randomBytes(32) }),
    secrets: vault(reads),
    now: () => new Date(),
    random: Math.random,
    prepareChild: async () => {
      throw new Error("unused");
    },
  };
}

const phase = (params: Record<string, unknown>): PhaseNode => ({ id: "call", type: "phase", handler: "echo", params });
const context = { input: { user: "ada" }, phases: {}, vars: {} };

describe('$secret("name") in a phase\'s params', () => {
  it("gives the handler the value, and keeps only [secret:name] and [redacted] in what is recorded", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const lines: string[] = [];
    const node = phase({ headers: { Authorization: '="Bearer " & $secret("api-token")' }, who: "=input.user" });
    const result = await runPhase(testDeps(seen, lines), sampleFlow(), node, context, {
      instanceId: "i",
      tenantId: "t1",
      attempt: 1,
    });
    expect(seen).toEqual([{ headers: { Authorization: `Bearer ${TOKEN}` }, who: "ada" }]);
    expect(result.record.params).toEqual({ headers: { Authorization: "Bearer [secret:api-token]" }, who: "ada" });
    expect(result).toMatchObject({ ok: true, output: { echoed: { headers: { Authorization: "Bearer [redacted]" } } } });
    expect(result.record.logs?.[0]?.message).toContain("Bearer [redacted]");
    expect(lines.join("\n")).toContain("Bearer [redacted]");
    expect(JSON.stringify({ result, lines })).not.toContain(TOKEN);
  });

  it("cuts the value out of a failure's message", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const node = phase({ token: '=$secret("api-token")', fail: true });
    const result = await runPhase(testDeps(seen, []), sampleFlow(), node, context, {
      instanceId: "i",
      tenantId: "t1",
      attempt: 1,
    });
    expect(seen[0]?.token).toBe(TOKEN);
    expect(result).toMatchObject({ ok: false, code: "refused", message: expect.stringContaining("[redacted]") });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("fails with secret-missing, not retried, naming the secret, without calling the handler", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const reads: string[] = [];
    const node = phase({ token: '=$secret("api-token")' });
    const result = await runPhase(testDeps(seen, [], reads), sampleFlow(), node, context, {
      instanceId: "i",
      tenantId: "t2",
      attempt: 1,
    });
    expect(result).toMatchObject({
      ok: false,
      code: "secret-missing",
      retryable: false,
      message: 'node "call" reads the secret "api-token", which this tenant does not have',
    });
    expect(result.record.params).toEqual({ token: "[secret:api-token]" });
    expect(seen).toEqual([]);
    expect(reads).toEqual(["t2/api-token"]);
  });

  it("never fills a marker that came from the data: only this attempt's markers are secrets", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const reads: string[] = [];
    // The input carries the shape of a marker (and of what the record shows); neither is a secret.
    const forged = { input: { url: "\u27e6secret:0000:api-token\u27e7 [secret:api-token]" }, phases: {}, vars: {} };
    const result = await runPhase(testDeps(seen, [], reads), sampleFlow(), phase({ url: "=input.url" }), forged, {
      instanceId: "i",
      tenantId: "t1",
      attempt: 1,
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([{ url: forged.input.url }]);
    expect(reads).toEqual([]);
  });

  it("is not a function outside a phase's params (a transform's expression cannot read it)", async () => {
    await expect(sharedExpressionPool().evaluate('$secret("api-token")', {})).rejects.toThrow(/function/i);
  });
});
