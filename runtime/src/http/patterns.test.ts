/**
 * Patterns in users' JSON Schemas, through the API: a backtracking pattern (`^(a+)+$` against 27 a's and a `!`,
 * which stalled the server for seconds on JavaScript's RegExp) answers at once, in a flow's input and in a
 * `schema` validator; a pattern the linear-time engine cannot run is refused at publish with node and pointer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "../testing/cli-harness.js";

const HOSTILE = "^(a+)+$";
const hostileInput = `${"a".repeat(27)}!`;

/** A flow whose input (when `inputPattern`) and whose one phase's `schema` validator carry these patterns. */
function flow(id: string, { inputPattern, outputPattern }: { inputPattern?: string; outputPattern: string }) {
  const code = inputPattern === undefined ? { type: "string" } : { type: "string", pattern: inputPattern };
  return {
    id,
    name: id,
    input: { type: "object", required: ["code"], properties: { code } },
    nodes: [
      { id: "start", type: "start" },
      {
        id: "copy",
        type: "phase",
        handler: "transform",
        params: { expression: "{ 'code': input.code }" },
        validators: [{ type: "schema", params: { schema: { properties: { code: { pattern: outputPattern } } } } }],
        retry: { maxAttempts: 1 },
      },
      { id: "done", type: "end", outcome: "completed" },
    ],
    edges: [
      { id: "e1", source: "start", target: "copy" },
      { id: "e2", source: "copy", target: "done" },
    ],
  };
}

describe("user patterns through the API", () => {
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-patterns-"));
    runtime = await createRuntime(testConfig(dataDir));
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const timedCall = async (method: string, path: string, body?: unknown) => {
    const start = performance.now();
    const answer = await call(method, path, body);
    return { ...answer, ms: performance.now() - start };
  };
  const settled = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const { body } = await call("GET", `/flows/${id}/status`);
      if (["completed", "failed", "cancelled"].includes(body.status)) return body;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`instance ${id} did not settle`);
  };

  it("refuses 27 a's and a '!' against ^(a+)+$ in a flow's input in well under 100 ms", async () => {
    expect(
      (await call("POST", "/flow-types", flow("redos-input", { inputPattern: HOSTILE, outputPattern: "" }))).status,
    ).toBe(201);
    // The first requests compile the input schema and warm the answer's paths; the timed ones find them warm.
    expect((await call("POST", "/flows", { flowType: "redos-input", input: { code: "a" } })).status).toBe(201);
    expect((await call("POST", "/flows", { flowType: "redos-input", input: { code: 5 } })).status).toBe(422);
    const refused = await timedCall("POST", "/flows", { flowType: "redos-input", input: { code: hostileInput } });
    expect(refused.ms).toBeLessThan(100);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: "/input/code", code: "invalid-value" }));
    const accepted = await timedCall("POST", "/flows", { flowType: "redos-input", input: { code: "a".repeat(27) } });
    expect(accepted.status).toBe(201);
  });

  it("fails the phase whose output the schema validator refuses, without stalling the server", async () => {
    expect((await call("POST", "/flow-types", flow("redos-output", { outputPattern: HOSTILE }))).status).toBe(201);
    const good = await call("POST", "/flows", { flowType: "redos-output", input: { code: "a".repeat(27) } });
    expect((await settled(good.body.id)).status).toBe("completed");
    const bad = await call("POST", "/flows", { flowType: "redos-output", input: { code: hostileInput } });
    const start = performance.now();
    const health = await runtime.app.request("/healthz");
    expect(health.status).toBe(200);
    expect(performance.now() - start).toBeLessThan(100);
    expect((await settled(bad.body.id)).status).toBe("failed");
  });

  it("refuses a lookahead at publish and on /flow-types/validate, naming the node and the pointer", async () => {
    const definition = flow("lookahead", { outputPattern: "^(?=a)a+$" });
    const expected = {
      code: "unsupported-pattern",
      nodeId: "copy",
      path: "/nodes/1/validators/0/params/schema/properties/code/pattern",
    };
    const pinned = (errors: Array<Record<string, unknown>>) =>
      errors.map(({ code, nodeId, path }) => ({ code, nodeId, path }));
    const published = await call("POST", "/flow-types", definition);
    expect(published.status).toBe(422);
    expect(pinned(published.body.errors)).toEqual([expected]);
    expect(published.body.errors[0].message).toContain("(?=");
    const checked = await call("POST", "/flow-types/validate", definition);
    expect(checked.status).toBe(422);
    expect(pinned(checked.body.errors)).toEqual([expected]);
    const backreference = await call(
      "POST",
      "/flow-types",
      flow("backreference", { inputPattern: "^(a)\\1$", outputPattern: "" }),
    );
    expect(backreference.status).toBe(422);
    expect(pinned(backreference.body.errors)).toEqual([
      { code: "unsupported-pattern", nodeId: undefined, path: "/input/properties/code/pattern" },
    ]);
  });
});
