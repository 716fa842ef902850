/** Tenants, API keys and the audit log through the API, as an installation admin and a tenant admin use them. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEntry } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { findApiKey } from "../../store/tenant-repository.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { lineFlow } from "../../testing/test-runtime.js";

const flow = lineFlow("audited", [{ id: "go", handler: "noop", trigger: "manual" }], { name: "Audited" });

describe.each(["pglite", "postgres"] as const)("administration on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  let root: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-admin-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    runtime.engine.start();
    root = runtime.adminKey;
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, key: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await runtime.app.request(`/api/v1${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const keyFor = async (tenant: string, role: string, by = root) => {
    const made = await call("POST", "/api-keys", by, { tenant, role, name: `${role} of ${tenant}` });
    expect(made.status).toBe(201);
    return made.body as { id: string; key: string; prefix: string };
  };
  const auditOf = async (query: string, key = root) => {
    const answer = await call("GET", `/audit?${query}`, key);
    expect(answer.status).toBe(200);
    return answer.body.items as AuditEntry[];
  };

  it("creates tenants as the installation admin only, each once", async () => {
    expect((await call("POST", "/tenants", root, { id: "acme", name: "Acme" })).status).toBe(201);
    const again = await call("POST", "/tenants", root, { id: "acme", name: "Acme again" });
    expect(again).toMatchObject({ status: 409, body: { type: "https://mfo.dev/problems/tenant-exists" } });
    const bad = await call("POST", "/tenants", root, { id: "Not An Id", name: "x" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe("/id");
    const acmeAdmin = await keyFor("acme", "admin");
    expect((await call("POST", "/tenants", acmeAdmin.key, { id: "beta", name: "Beta" })).status).toBe(403);
    const all = await call("GET", "/tenants", root);
    expect(all.body.items.map((t: { id: string }) => t.id)).toEqual(["acme", "default"]);
    const own = await call("GET", "/tenants", acmeAdmin.key);
    expect(own.body.items.map((t: { id: string }) => t.id)).toEqual(["acme"]);
  });

  it("shows a new key once, stores only its hash, and the key acts in its tenant with its role", async () => {
    const made = await keyFor("acme", "architect");
    expect(made.key).toMatch(/^mfo_/);
    expect(made.key.startsWith(made.prefix)).toBe(true);
    const row = await findApiKey(runtime.database.db, made.id);
    expect(JSON.stringify(row)).not.toContain(made.key);
    const listed = await call("GET", "/api-keys?tenant=acme", root);
    expect(JSON.stringify(listed.body)).not.toContain(made.key);
    expect(listed.body.items.find((k: { id: string }) => k.id === made.id)).toMatchObject({
      tenant: "acme",
      role: "architect",
      revokedAt: null,
    });
    expect((await call("POST", "/flow-types", made.key, flow)).status).toBe(201);
    expect((await call("GET", "/flow-types/audited", root)).status).toBe(404);
    expect((await call("POST", "/flows", made.key, { flowType: "audited" })).status).toBe(201);
    expect((await call("POST", "/api-keys", made.key, { tenant: "acme", role: "admin", name: "x" })).status).toBe(403);
  });

  it("lets a tenant admin make keys for its own tenant only; another tenant is not found", async () => {
    const acmeAdmin = await keyFor("acme", "admin");
    expect((await keyFor("acme", "viewer", acmeAdmin.key)).id).toBeTruthy();
    const foreign = await call("POST", "/api-keys", acmeAdmin.key, { tenant: "default", role: "admin", name: "x" });
    expect(foreign.status).toBe(404);
    expect((await call("GET", "/api-keys?tenant=default", acmeAdmin.key)).status).toBe(404);
    const unknown = await call("POST", "/api-keys", root, { tenant: "nobody", role: "viewer", name: "x" });
    expect(unknown.status).toBe(404);
  });

  it("revokes a key at once; revoking twice conflicts; the last installation admin key cannot go", async () => {
    const victim = await keyFor("acme", "operator");
    expect((await call("GET", "/flows", victim.key)).status).toBe(200);
    expect((await call("DELETE", `/api-keys/${victim.id}`, root)).status).toBe(204);
    expect((await call("GET", "/flows", victim.key)).status).toBe(401);
    expect((await call("DELETE", `/api-keys/${victim.id}`, root)).status).toBe(409);
    const acmeAdmin = await keyFor("acme", "admin");
    const rootKeys = await call("GET", "/api-keys", root);
    const rootId = rootKeys.body.items.find((k: { role: string }) => k.role === "admin").id as string;
    expect((await call("DELETE", `/api-keys/${rootId}`, acmeAdmin.key)).status).toBe(404);
    const last = await call("DELETE", `/api-keys/${rootId}`, root);
    expect(last).toMatchObject({ status: 409, body: { type: "https://mfo.dev/problems/last-admin" } });
    expect((await call("GET", "/flows", root)).status).toBe(200);
  });

  it("audits every change with actor, target, request id and outcome, in the transaction of the change", async () => {
    const operator = await keyFor("default", "operator");
    const architect = await keyFor("default", "architect");
    expect((await call("PUT", "/flow-types/audited/draft", architect.key, flow)).status).toBe(200);
    expect((await call("POST", "/flow-types/audited/publish", architect.key)).status).toBe(201);
    const created = await call("POST", "/flows", operator.key, { flowType: "audited" });
    const id = created.body.id as string;
    expect((await call("POST", `/flows/${id}/cancel`, operator.key)).status).toBe(200);
    const twice = await call("POST", `/flows/${id}/cancel`, operator.key);
    expect(twice.status).toBe(409);
    expect((await call("POST", `/flows/${id}/pause`, (await keyFor("default", "viewer")).key)).status).toBe(403);

    const rows = await auditOf(`target=${id}`);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["flow.pause", "denied"],
      ["flow.cancel", "failed"],
      ["flow.cancel", "ok"],
      ["flow.create", "ok"],
    ]);
    expect(rows.find((r) => r.outcome === "failed")).toMatchObject({
      actor: operator.id,
      tenant: "default",
      detail: { status: 409, code: "ended" },
    });
    expect(rows.every((r) => typeof r.requestId === "string" && r.requestId.length > 0)).toBe(true);
    const byArchitect = await auditOf(`actor=${architect.id}`);
    expect(byArchitect.map((r) => r.action)).toEqual(["flow-type.publish", "flow-type.draft.save"]);
    expect((await auditOf("action=flow-type.publish&outcome=ok")).length).toBeGreaterThanOrEqual(1);
  });

  it("audits requests with unknown keys for the installation admin, not for a tenant admin", async () => {
    expect((await call("GET", "/flows", "mfo_not-a-key")).status).toBe(401);
    expect((await call("GET", "/flows", undefined)).status).toBe(401);
    const failures = await auditOf("action=auth.failed");
    // Failures are counted, one row per client address and minute (both requests may share one row).
    expect(failures.reduce((sum, row) => sum + Number(row.detail?.count), 0)).toBeGreaterThanOrEqual(2);
    expect(failures[0]).toMatchObject({ tenant: null, actor: null, outcome: "denied", detail: { status: 401 } });
    expect(JSON.stringify(failures)).not.toContain("mfo_not-a-key");
    const acmeAdmin = await keyFor("acme", "admin");
    expect(await auditOf("action=auth.failed", acmeAdmin.key)).toEqual([]);
  });

  it("pages the audit log with a cursor, newest first, without gaps or repeats, within a time range", async () => {
    const all = await auditOf("limit=500");
    const seen: number[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await call("GET", `/audit?limit=3${cursor ? `&cursor=${cursor}` : ""}`, root);
      seen.push(...page.body.items.map((r: AuditEntry) => r.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(all.map((r) => r.id));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    const middle = all[Math.floor(all.length / 2)] as AuditEntry;
    const before = await auditOf(`to=${encodeURIComponent(middle.at)}&limit=500`);
    expect(before.every((r) => r.at < middle.at)).toBe(true);
    const after = await auditOf(`from=${encodeURIComponent(middle.at)}&limit=500`);
    expect(after.length + before.length).toBe(all.length);
    for (const query of ["limit=0", "outcome=maybe", "from=yesterday", "cursor=abc", "actor=me"]) {
      const answer = await call("GET", `/audit?${query}`, root);
      expect(answer.status, query).toBe(422);
    }
  });
});
