/**
 * Webhook settings (GET/POST/PUT/DELETE /flow-types/:id/hooks): a created hook gets a random id, its URL and
 * hookRequest's defaults; create and update refuse what a call could never use (a secret the tenant lacks, an
 * expression that does not parse: 422 naming the field; a flow type the tenant lacks: 404); a replaced hook keeps
 * its id; a deleted one is gone; every change is audited.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditList, FlowDefinition, Hook, HookList, Problem } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { testConfig } from "../../testing/cli-harness.js";

const FLOW: FlowDefinition = {
  id: "hooked",
  name: "hooked",
  nodes: [
    { id: "start", type: "start" },
    { id: "done", type: "end" },
  ],
  edges: [{ id: "e1", source: "start", target: "done" }],
};

/** Whichever of these the route answered; each test reads the fields of the one it expects. */
type Answer = Hook & HookList & AuditList & Problem;

describe("webhook settings", () => {
  let runtime: Runtime;
  let dataDir: string;

  const request = async (method: string, path: string, body?: unknown) => {
    const response = await runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Answer };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-hooks-"));
    runtime = await createRuntime(testConfig(dataDir));
    await runtime.registry.publish("default", FLOW);
    await runtime.secrets.write("default", "hook-token", "t0ken-value", null);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates a hook with a random id, its URL and the documented defaults", async () => {
    const created = await request("POST", "/flow-types/hooked/hooks", {
      auth: { type: "token", secret: "hook-token" },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^hk_[A-Za-z0-9_-]{24}$/);
    expect(created.body).toMatchObject({
      flowType: "hooked",
      name: "hooked webhook",
      enabled: true,
      url: `/api/v1/hooks/${created.body.id}`,
      auth: { type: "token", secret: "hook-token" },
      respond: "accepted",
      input: null,
      response: null,
      timeoutMs: 10_000,
      headers: [],
      idempotencyHeader: "Idempotency-Key",
      maxBodyBytes: 262_144,
      rateLimitPerMinute: 600,
    });
    const again = await request("POST", "/flow-types/hooked/hooks", { auth: { type: "token", secret: "hook-token" } });
    expect(again.body.id).not.toBe(created.body.id);
    const listed = await request("GET", "/flow-types/hooked/hooks");
    expect(listed.body.items.map((h: { id: string }) => h.id)).toEqual([created.body.id, again.body.id]);
  });

  it("refuses a secret the tenant does not have and expressions that do not parse, naming each field", async () => {
    const refused = await request("POST", "/flow-types/hooked/hooks", {
      auth: { type: "hmac", secret: "no-such-secret" },
      input: "{ 'a': ",
      response: "output.(",
    });
    expect(refused.status).toBe(422);
    expect((refused.body.errors ?? []).map((e: { path: string }) => e.path).sort()).toEqual([
      "/auth/secret",
      "/input",
      "/response",
    ]);
    expect(JSON.stringify(refused.body)).toContain("no-such-secret");
  });

  it("answers 404 for a flow type the tenant does not have, and 422 for a body that is no hookRequest", async () => {
    const missing = await request("POST", "/flow-types/nope/hooks", { auth: { type: "token", secret: "hook-token" } });
    expect(missing.status).toBe(404);
    expect((await request("GET", "/flow-types/nope/hooks")).status).toBe(404);
    const bad = await request("POST", "/flow-types/hooked/hooks", { auth: { type: "basic", secret: "hook-token" } });
    expect(bad.status).toBe(422);
  });

  it("replaces a hook's settings keeping its id, then deletes it (404 from then on), each change audited", async () => {
    const created = await request("POST", "/flow-types/hooked/hooks", {
      name: "orders",
      auth: { type: "token", secret: "hook-token" },
    });
    const id = created.body.id as string;
    const replaced = await request("PUT", `/flow-types/hooked/hooks/${id}`, {
      name: "orders v2",
      enabled: false,
      auth: { type: "hmac", secret: "hook-token", header: "X-Signature" },
      respond: "result",
      input: "body.order",
      headers: ["X-Request-Source"],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id,
      name: "orders v2",
      enabled: false,
      auth: { type: "hmac", secret: "hook-token", header: "X-Signature" },
      respond: "result",
      input: "body.order",
      headers: ["x-request-source"],
    });
    expect((await request("GET", `/flow-types/hooked/hooks/${id}`)).body).toEqual(replaced.body);
    expect((await request("DELETE", `/flow-types/hooked/hooks/${id}`)).status).toBe(204);
    expect((await request("GET", `/flow-types/hooked/hooks/${id}`)).status).toBe(404);
    expect((await request("DELETE", `/flow-types/hooked/hooks/${id}`)).status).toBe(404);
    const audit = await request("GET", `/audit?target=${id}`);
    expect(audit.body.items.map((row: { action: string }) => row.action).sort()).toEqual([
      "hook.create",
      "hook.delete",
      "hook.update",
    ]);
  });

  it("does not find a hook under another flow type", async () => {
    await runtime.registry.publish("default", { ...FLOW, id: "other", name: "other" });
    const created = await request("POST", "/flow-types/hooked/hooks", {
      auth: { type: "token", secret: "hook-token" },
    });
    expect((await request("GET", `/flow-types/other/hooks/${created.body.id}`)).status).toBe(404);
  });
});
