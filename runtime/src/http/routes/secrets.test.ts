/**
 * The secrets store through the API, on both databases: values are write-only (no answer, audit row or record
 * holds one), names are checked, a secret in use cannot be deleted, `$secret("name")` in an http phase's params
 * reaches the server and nothing else, a missing secret fails publish (naming the node) and a run (secret-missing).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEntry, FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { deleteSecret } from "../../store/secret-repository.js";
import { webhooks } from "../../store/trigger-tables.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { lineFlow } from "../../testing/test-runtime.js";

const VALUE = `s3cr3t-${randomBytes(8).toString("hex")}`;

/** A server that answers what it received: the flow's http phase sends it the secret. */
function startEchoServer() {
  const received: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.headers);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ key: request.headers["x-api-key"] ?? null }));
  });
  return { server, received };
}

const caller = (id: string, url: string, header = '=$secret("api-key")'): FlowDefinition =>
  lineFlow(id, [{ id: "call", handler: "http", params: { url, headers: { "x-api-key": header } } }]);

describe.each(["pglite", "postgres"] as const)("the secrets store on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  let echo: ReturnType<typeof startEchoServer>;
  let url: string;
  const answers: string[] = [];

  beforeAll(async () => {
    echo = startEchoServer();
    await new Promise<void>((resolve) => echo.server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(echo.server.address() as AddressInfo).port}/echo`;
    dataDir = await mkdtemp(join(tmpdir(), "mfo-secrets-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl, httpAllowHosts: ["127.0.0.1"] }));
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await new Promise((resolve) => echo?.server.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const listed = async () => (await call("GET", "/secrets")).body.items as Array<Record<string, unknown>>;

  it("stores a value write-only and audits the put without it", async () => {
    const put = await call("PUT", "/secrets/api-key", { value: VALUE });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: "api-key", usedBy: [], hooks: [] });
    expect(put.body.createdBy).toEqual(expect.any(String));
    expect(Object.keys(put.body).sort()).toEqual(
      ["createdAt", "createdBy", "hooks", "name", "updatedAt", "updatedBy", "usedBy"].sort(),
    );
    expect((await call("PUT", "/secrets/api-key", { value: VALUE })).status).toBe(200);
    expect(await listed()).toEqual([expect.objectContaining({ name: "api-key" })]);
    expect(await runtime.secrets.read("default", "api-key")).toBe(VALUE);
    const audit = (await call("GET", "/audit?action=secret.put")).body.items as AuditEntry[];
    expect(audit.map((a) => [a.target, a.detail])).toEqual([
      ["api-key", { created: false }],
      ["api-key", { created: true }],
    ]);
  });

  it("answers 422 naming the name when it is not a secret name, and for a missing or empty value", async () => {
    const bad = await call("PUT", "/secrets/1-starts-with-a-digit", { value: "x" });
    expect(bad).toMatchObject({ status: 422, body: { errors: [{ path: "/name" }] } });
    expect((await call("PUT", "/secrets/ok", {})).status).toBe(422);
    expect((await call("PUT", "/secrets/ok", { value: "" })).status).toBe(422);
    expect((await call("PUT", "/secrets/ok", { value: VALUE, extra: 1 })).status).toBe(422);
    expect((await call("DELETE", "/secrets/no-such-secret")).status).toBe(404);
  });

  it("refuses to publish a flow reading a secret the tenant does not have, naming the secret and the node", async () => {
    const refused = await call("POST", "/flow-types", caller("needs-missing", url, '=$secret("nope")'));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        code: "secret-missing",
        nodeId: "call",
        path: "/nodes/1/params/headers/x-api-key",
        message: expect.stringContaining('"nope"'),
      }),
    ]);
  });

  it("refuses $secret in a transform, where its value would land in the context", async () => {
    const flow = lineFlow("leaky", [
      { id: "grab", handler: "transform", params: { expression: '{ "k": $secret("api-key") }' } },
    ]);
    const refused = await call("POST", "/flow-types", flow);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ code: "secret-not-allowed", nodeId: "grab" })]);
  });

  it("sends the value to the server only: the run's records show [secret:name] and [redacted]", async () => {
    expect((await call("POST", "/flow-types", caller("uses-key", url))).status).toBe(201);
    const run = await call("POST", "/flows?wait=10", { flowType: "uses-key" });
    expect(run.status).toBe(201);
    expect(echo.received.at(-1)?.["x-api-key"]).toBe(VALUE);
    const node = (await call("GET", `/flows/${run.body.id}/nodes/call`)).body;
    expect(node.attempts[0].input.headers["x-api-key"]).toBe("[secret:api-key]");
    expect(node.attempts[0].output.body).toEqual({ key: "[redacted]" });
    await call("GET", `/flows/${run.body.id}`);
    await call("GET", `/flows/${run.body.id}/events`);
    expect(await listed()).toEqual([
      expect.objectContaining({ name: "api-key", usedBy: [{ flowType: "uses-key", nodes: ["call"] }] }),
    ]);
  });

  it("tests one step through the same path", async () => {
    const definition = caller("uses-key", url);
    const step = await call("POST", "/flow-types/uses-key/draft/test-step", { definition, nodeId: "call" });
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ ok: true, input: { headers: { "x-api-key": "[secret:api-key]" } } });
    expect(echo.received.at(-1)?.["x-api-key"]).toBe(VALUE);
  });

  it("refuses a delete while a published version or a webhook uses the secret, naming them", async () => {
    const inUse = await call("DELETE", "/secrets/api-key");
    expect(inUse).toMatchObject({ status: 409, body: { detail: expect.stringContaining('flow type "uses-key"') } });
    await call("PUT", "/secrets/hook-token", { value: "a-hook-token" });
    await runtime.database.db.insert(webhooks).values({
      id: "hook-abc",
      tenantId: "default",
      flowTypeId: "uses-key",
      name: "a hook",
      auth: { type: "token", secret: "hook-token" },
      respond: "accepted",
      timeoutMs: 1000,
      headers: [],
      idempotencyHeader: "idempotency-key",
      maxBodyBytes: 1000,
      rateLimitPerMinute: 60,
    });
    expect((await listed()).find((s) => s.name === "hook-token")).toMatchObject({ hooks: ["hook-abc"] });
    const hooked = await call("DELETE", "/secrets/hook-token");
    expect(hooked).toMatchObject({ status: 409, body: { detail: expect.stringContaining("webhook hook-abc") } });
  });

  it("deletes a secret only a draft reads (drafts do not block), audited", async () => {
    await call("PUT", "/secrets/draft-only", { value: "draft-value" });
    expect(
      (await call("PUT", "/flow-types/drafty/draft", caller("drafty", url, '=$secret("draft-only")'))).status,
    ).toBe(200);
    expect((await listed()).find((s) => s.name === "draft-only")).toMatchObject({
      usedBy: [{ flowType: "drafty", nodes: ["call"] }],
    });
    expect((await call("DELETE", "/secrets/draft-only")).status).toBe(204);
    expect((await call("DELETE", "/secrets/draft-only")).status).toBe(404);
    const audit = (await call("GET", "/audit?action=secret.delete&outcome=ok")).body.items as AuditEntry[];
    expect(audit.map((a) => a.target)).toEqual(["draft-only"]);
  });

  it("fails a run whose secret is gone with secret-missing, without retrying", async () => {
    await deleteSecret(runtime.database.db, "default", "api-key"); // e.g. removed by hand from the database
    const run = await call("POST", "/flows?wait=10", { flowType: "uses-key" });
    expect(run.body.status).toBe("failed");
    const events = (await call("GET", `/flows/${run.body.id}/events`)).body.items as Array<Record<string, unknown>>;
    const failed = events.find((e) => e.type === "node.failed") as { data: Record<string, unknown> };
    expect(failed.data).toMatchObject({ code: "secret-missing", message: expect.stringContaining('"api-key"') });
    expect(events.filter((e) => e.type === "node.retrying")).toEqual([]);
  });

  it("never answered a value", () => {
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.join("\n")).not.toContain(VALUE);
    expect(answers.join("\n")).not.toContain("a-hook-token");
  });
});
