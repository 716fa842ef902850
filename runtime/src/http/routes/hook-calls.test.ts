/**
 * Webhook calls (POST /hooks/:hookId[/:token]) on both databases, without an API key: a token in the header or
 * the path and a GitHub-style HMAC signature authenticate (valid / invalid / missing all answered alike, 401); a
 * repeated idempotency header is refused (409 naming the first instance); the hook's body limit (413), rate limit
 * (429 with Retry-After) and the flow's input schema (422 with the errors) hold; respond "result" answers the
 * mapped output, or 202 with the status URL when the instance does not end in time; a disabled or deleted hook
 * is 404. No audit row or log line carries the secret, and the path token is logged as [token].
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { AuditList, FlowDefinition, Hook, HookRequest } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { signatureOf } from "../../webhooks/hook-auth.js";

const TOKEN = "canary-hook-token-8f3b1c";
const HMAC_KEY = "canary-hmac-key-51d0e9";

/** start -> the nodes in a row -> done. */
function chain(id: string, nodes: FlowDefinition["nodes"], input?: FlowDefinition["input"]): FlowDefinition {
  const all: FlowDefinition["nodes"] = [{ id: "start", type: "start" }, ...nodes, { id: "done", type: "end" }];
  return {
    id,
    name: id,
    ...(input === undefined ? {} : { input }),
    nodes: all,
    edges: all.slice(1).map((node, i) => ({ id: `e${i}`, source: all[i]?.id as string, target: node.id })),
  };
}
const transform = (id: string, expression: string) =>
  ({ id, type: "phase", handler: "transform", params: { expression } }) as const;

const ORDER_INPUT = {
  type: "object",
  required: ["orderId"],
  properties: { orderId: { type: "string" }, qty: { type: "integer" } },
};
const FLOWS: FlowDefinition[] = [
  chain("orders", [transform("total", "{ 'orderId': input.orderId, 'total': input.qty * 2 }")], ORDER_INPUT),
  chain("held", [{ id: "hold", type: "wait", delayMs: 3_600_000 }]),
  chain("breaks", [
    {
      id: "boom",
      type: "phase",
      handler: "transform",
      params: { expression: "$error('broke')" },
      retry: { maxAttempts: 1 },
    },
  ]),
];

describe.each(["pglite", "postgres"] as const)("webhook calls on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  const logs: string[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const addHook = async (flowType: string, request: HookRequest) =>
    (await api("POST", `/flow-types/${flowType}/hooks`, request)).body as unknown as Hook;
  /** Calls a hook without an API key. */
  const call = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const response = await runtime.app.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const signed = (body: string, key = HMAC_KEY) => ({ "x-hub-signature-256": signatureOf(Buffer.from(body), key) });

  let tokenHook: Hook;
  let hmacHook: Hook;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-hook-calls-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl, logLevel: "info" }), { logStream });
    for (const flow of FLOWS) await runtime.registry.publish("default", flow);
    await runtime.secrets.write("default", "orders-token", TOKEN, null);
    await runtime.secrets.write("default", "orders-hmac", HMAC_KEY, null);
    runtime.engine.start();
    tokenHook = await addHook("orders", { auth: { type: "token", secret: "orders-token" } });
    hmacHook = await addHook("orders", { auth: { type: "hmac", secret: "orders-hmac" } });
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts an instance with the body as input for the token in the header, answering 202 at once", async () => {
    const answer = await call(tokenHook.url, '{"orderId":"A-1","qty":3}', { "x-hook-token": TOKEN });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      instanceId: expect.any(String),
      status: expect.any(String),
      statusUrl: `/api/v1/flows/${answer.body.instanceId}/status`,
    });
    const instance = await api("GET", `/flows/${answer.body.instanceId}`);
    expect(instance.body).toMatchObject({ flowType: "orders", context: { input: { orderId: "A-1", qty: 3 } } });
  });

  it("takes the token as the last path segment, and never logs it", async () => {
    const answer = await call(`${tokenHook.url}/${TOKEN}`, '{"orderId":"A-2"}');
    expect(answer.status).toBe(202);
    const wrong = await call(`${tokenHook.url}/not-the-token`, '{"orderId":"A-2"}');
    expect(wrong.status).toBe(401);
    expect(wrong.body.instance).toBe(`${tokenHook.url}/[token]`);
    const lines = logs.join("");
    expect(lines).toContain(`${tokenHook.url}/[token]`);
    expect(lines).not.toContain("not-the-token");
  });

  it("checks an HMAC signature over the raw body: valid 202; invalid, missing or another body's 401 alike", async () => {
    const body = '{"orderId":"H-1","qty":1}';
    expect((await call(hmacHook.url, body, signed(body))).status).toBe(202);
    const refusals = [
      await call(hmacHook.url, body, signed(body, "another-key")),
      await call(hmacHook.url, body),
      await call(hmacHook.url, body, signed('{"orderId":"H-2","qty":1}')),
      await call(hmacHook.url, body, { "x-hub-signature-256": "sha256=zz" }),
      await call(`${hmacHook.url}/${HMAC_KEY}`, body),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.body.detail).toBe(refusals[0]?.body.detail);
    }
  });

  it("refuses a replayed idempotency header with 409 naming the first call's instance", async () => {
    const body = '{"orderId":"R-1","qty":1}';
    const first = await call(hmacHook.url, body, { ...signed(body), "idempotency-key": "delivery-1" });
    expect(first.status).toBe(202);
    const replay = await call(hmacHook.url, body, { ...signed(body), "idempotency-key": "delivery-1" });
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ type: expect.stringContaining("replayed"), instanceId: first.body.instanceId });
    const list = await api("GET", "/flows?flowType=orders&limit=200");
    const inputs = (list.body.items as { id: string }[]).filter((i) => i.id === first.body.instanceId);
    expect(inputs).toHaveLength(1);
    // Another value is another delivery.
    expect((await call(hmacHook.url, body, { ...signed(body), "idempotency-key": "delivery-2" })).status).toBe(202);
  });

  it("refuses a body over the hook's limit with 413, before anything else", async () => {
    const small = await addHook("orders", { auth: { type: "token", secret: "orders-token" }, maxBodyBytes: 64 });
    const body = JSON.stringify({ orderId: "B-1", note: "x".repeat(100) });
    const answer = await call(small.url, body, { "x-hook-token": TOKEN });
    expect(answer.status).toBe(413);
    expect(answer.body.type).toContain("body-too-large");
  });

  it("answers 429 with Retry-After once a hook's calls per minute are spent", async () => {
    const limited = await addHook("orders", { auth: { type: "token", secret: "orders-token" }, rateLimitPerMinute: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(await call(limited.url, `{"orderId":"L-${i}"}`, { "x-hook-token": TOKEN }));
    expect(statuses.map((s) => s.status)).toEqual([202, 202, 429]);
    expect(Number(statuses[2]?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another hook has its own budget.
    expect((await call(tokenHook.url, '{"orderId":"L-9"}', { "x-hook-token": TOKEN })).status).toBe(202);
  });

  it("validates the input against the flow's input schema: 422 with the errors, no instance", async () => {
    const answer = await call(tokenHook.url, '{"qty":"many"}', { "x-hook-token": TOKEN });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining("orderId") })]),
    );
    const notJson = await call(tokenHook.url, "{not json", { "x-hook-token": TOKEN });
    expect(notJson.status).toBe(422);
  });

  it("builds the input from body, listed headers and query, and answers the mapped output (respond result)", async () => {
    const hook = await addHook("orders", {
      auth: { type: "token", secret: "orders-token" },
      respond: "result",
      input: "{ 'orderId': body.id & '-' & query.region, 'qty': body.n, 'via': headers.`x-source` }",
      response: "{ 'order': output.orderId, 'total': output.total, 'state': status, 'instance': id }",
      headers: ["X-Source"],
    });
    const answer = await call(`${hook.url}?region=eu`, '{"id":"Q","n":21}', {
      "x-hook-token": TOKEN,
      "x-source": "crm",
      "x-other": "never",
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("mfo-instance-status")).toBe("completed");
    expect(answer.body).toEqual({ order: "Q-eu", total: 42, state: "completed", instance: expect.any(String) });
    const instance = await api("GET", `/flows/${answer.body.instance}`);
    expect((instance.body.context as { input: unknown }).input).toEqual({ orderId: "Q-eu", qty: 21, via: "crm" });
  });

  it("answers the output itself without a response expression; a failed instance is a 422, not a 2xx", async () => {
    const plain = await addHook("orders", { auth: { type: "token", secret: "orders-token" }, respond: "result" });
    const answer = await call(plain.url, '{"orderId":"P-1","qty":5}', { "x-hook-token": TOKEN });
    expect(answer).toMatchObject({ status: 200, body: { orderId: "P-1", total: 10 } });
    const failing = await addHook("breaks", { auth: { type: "token", secret: "orders-token" }, respond: "result" });
    const failed = await call(failing.url, "", { "x-hook-token": TOKEN });
    expect(failed.status).toBe(422);
    expect(failed.headers.get("mfo-instance-status")).toBe("failed");
    expect(failed.body).toMatchObject({
      type: expect.stringContaining("instance-failed"),
      instanceId: expect.any(String),
      statusUrl: `/api/v1/flows/${failed.body.instanceId}/status`,
    });
    // The node's error is for API keys (at the status URL), not for the sender.
    expect(JSON.stringify(failed.body)).not.toContain("broke");
  });

  it("answers 202 with the status URL when the instance does not end within the hook's timeout", async () => {
    const hook = await addHook("held", {
      auth: { type: "token", secret: "orders-token" },
      respond: "result",
      timeoutMs: 200,
    });
    const answer = await call(hook.url, "{}", { "x-hook-token": TOKEN });
    expect(answer.status).toBe(202);
    expect(answer.body.statusUrl).toBe(`/api/v1/flows/${answer.body.instanceId}/status`);
    const status = await api("GET", answer.body.statusUrl.replace("/api/v1", ""));
    expect(status.status).toBe(200);
  });

  it("answers 404 for a disabled hook, a deleted one and an id that was never given out", async () => {
    const hook = await addHook("orders", { auth: { type: "token", secret: "orders-token" }, enabled: false });
    expect((await call(hook.url, '{"orderId":"D"}', { "x-hook-token": TOKEN })).status).toBe(404);
    await api("PUT", `/flow-types/orders/hooks/${hook.id}`, { auth: { type: "token", secret: "orders-token" } });
    expect((await call(hook.url, '{"orderId":"D"}', { "x-hook-token": TOKEN })).status).toBe(202);
    await runtime.app.request(`/api/v1/flow-types/orders/hooks/${hook.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${runtime.adminKey}` },
    });
    expect((await call(hook.url, '{"orderId":"D"}', { "x-hook-token": TOKEN })).status).toBe(404);
    expect((await call("/api/v1/hooks/hk_neverGivenOutToAnyone12", "{}")).status).toBe(404);
  });

  it("audits every call with its outcome, and no audit row or log line holds a secret", async () => {
    const audit = (await api("GET", "/audit?action=hook.call&limit=200")).body as unknown as AuditList;
    const outcomes = new Set(audit.items.map((row) => `${row.outcome} ${(row.detail as { status: number }).status}`));
    for (const seen of ["ok 202", "denied 401", "failed 409", "failed 413", "failed 422", "failed 429"])
      expect(outcomes).toContain(seen);
    // A call that started an instance: its row is the create's own (no flow.create row beside it).
    const ok = audit.items.find((row) => row.target === tokenHook.id && row.outcome === "ok");
    expect(ok?.detail).toEqual({ respond: "accepted", status: 202, instanceId: expect.any(String) });
    const instanceId = (ok?.detail as { instanceId?: string } | undefined)?.instanceId;
    const creates = (await api("GET", `/audit?action=flow.create&target=${instanceId}`)).body as unknown as AuditList;
    expect(creates.items).toEqual([]);
    const waited = audit.items.find((row) => (row.detail as { respond?: string }).respond === "result");
    expect(waited?.detail).toEqual({ respond: "result", instanceId: expect.any(String) });
    const everything = JSON.stringify(audit) + logs.join("");
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(HMAC_KEY);
    expect(everything).not.toContain("sha256=");
  });
});
