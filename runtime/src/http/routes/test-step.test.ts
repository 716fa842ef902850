/**
 * Test one step (POST /flow-types/:id/draft/test-step): a phase of a draft runs once with the context given, through
 * the same runPhase as a run (the http handler's SSRF guard included), and the answer shows its resolved params,
 * output, validators, logs and duration; nothing but the audit row is stored.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowNode } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { storeKey } from "../../store/tenant-repository.js";
import { apiCaller } from "../../testing/api-caller.js";
import { testConfig } from "../../testing/cli-harness.js";
import { lineFlow } from "../../testing/test-runtime.js";

const draft = (phase: Partial<FlowNode> & { id: string }) => lineFlow("stepper", [phase]);

describe("test one step", () => {
  let runtime: Runtime;
  let dataDir: string;
  const call = apiCaller(() => runtime);
  const step = (phase: Partial<FlowNode> & { id: string }, context?: unknown, nodeId = phase.id) =>
    call("POST", "/flow-types/stepper/draft/test-step", {
      definition: draft(phase),
      nodeId,
      ...(context ? { context } : {}),
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-test-step-"));
    runtime = await createRuntime(testConfig(dataDir));
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs the phase with the context given and answers its params, output and passing validators", async () => {
    const answer = await step(
      {
        id: "score",
        handler: "transform",
        params: { expression: "{ 'risk': input.loc / 1000 + vars.bonus }" },
        validators: [{ type: "required", params: { fields: ["risk"] } }],
      },
      { input: { loc: 5000 }, vars: { bonus: 1 } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ok: true,
      output: { risk: 6 },
      input: { expression: "{ 'risk': input.loc / 1000 + vars.bonus }" },
      validators: [{ type: "required", ok: true }],
      error: null,
    });
    expect(Number.isInteger(answer.body.durationMs)).toBe(true);
  });

  it("says which validator failed, and shows the handler's log lines", async () => {
    const failed = await step(
      {
        id: "check",
        handler: "transform",
        params: { expression: "{}" },
        validators: [{ type: "required", params: { fields: ["risk"] } }],
      },
      { input: {} },
    );
    expect(failed.body).toMatchObject({
      ok: false,
      error: { code: "validation-failed" },
      validators: [{ type: "required", ok: false }],
    });
    const logged = await step(
      { id: "say", handler: "log", params: { message: '="hello " & input.who' } },
      { input: { who: "ada" } },
    );
    expect(logged.body).toMatchObject({
      ok: true,
      input: { message: "hello ada" },
      logs: [{ level: "info", message: "hello ada" }],
    });
  });

  it("goes through the http handler's SSRF guard as a run does", async () => {
    const answer = await step(
      { id: "call", handler: "http", params: { url: "http://127.0.0.1:9/secret", method: "GET" } },
      {},
    );
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.error).toMatchObject({ code: "ssrf-refused", retryable: false });
  });

  it("answers 422 naming /nodeId for a node that is missing or not a phase, and 403 below architect", async () => {
    const missing = await step({ id: "a", handler: "noop" }, {}, "nope");
    expect(missing).toMatchObject({ status: 422, body: { errors: [{ path: "/nodeId" }] } });
    const notPhase = await step({ id: "a", handler: "noop" }, {}, "start");
    expect(notPhase).toMatchObject({ status: 422, body: { errors: [{ path: "/nodeId" }] } });
    const badContext = await step({ id: "a", handler: "noop" }, { vars: [1] });
    expect(badContext).toMatchObject({ status: 422, body: { errors: [{ path: "/context/vars" }] } });
    await storeKey(runtime.database.db, "default", "operator", "operator", "operator-test-step");
    const response = await runtime.app.request("/api/v1/flow-types/stepper/draft/test-step", {
      method: "POST",
      headers: { authorization: "Bearer operator-test-step", "content-type": "application/json" },
      body: JSON.stringify({ definition: draft({ id: "a", handler: "noop" }), nodeId: "a" }),
    });
    expect(response.status).toBe(403);
  });

  it("stores nothing but the audit row", async () => {
    await step({ id: "quiet", handler: "noop" }, {});
    expect((await call("GET", "/flows?test=include")).body.items).toEqual([]);
    const audit = await call("GET", "/audit?action=flow-type.draft.test-step&outcome=ok");
    expect(audit.body.items.map((r: { target: string }) => r.target)).toContain("stepper");
  });
});
