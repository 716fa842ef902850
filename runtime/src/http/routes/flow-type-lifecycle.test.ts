/**
 * Deleting drafts, archiving flow types and restoring versions through the API, on both databases: what the
 * flow-type list shows afterwards, what instances can still do, and the audit rows each change leaves.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEntry, FlowTypeSummary } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { lineFlow } from "../../testing/test-runtime.js";

/** start -> a manual noop phase `go` -> done: an instance waits at `go` until executed. */
const manual = (id: string, name = id) => lineFlow(id, [{ id: "go", handler: "noop", trigger: "manual" }], { name });

describe.each(["pglite", "postgres"] as const)("flow-type lifecycle on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  let key: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-lifecycle-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    runtime.engine.start();
    key = runtime.adminKey;
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await runtime.app.request(`/api/v1${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      body: text ? JSON.parse(text) : null,
    };
  };
  const listed = async (query = "") =>
    ((await call("GET", `/flow-types${query}`)).body.items as FlowTypeSummary[]).map((t) => t.id);
  const audit = async (action: string) =>
    ((await call("GET", `/audit?action=${action}&outcome=ok`)).body.items as AuditEntry[]).map((r) => r.target);
  const statusOf = async (id: string) => {
    for (let i = 0; i < 300; i++) {
      const { body } = await call("GET", `/flows/${id}/status`);
      if (body.status !== "running") return body.status as string;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`instance ${id} kept running`);
  };

  it("deletes a draft: a flow type never published leaves the list, a published one keeps its versions", async () => {
    expect((await call("PUT", "/flow-types/sketch/draft", manual("sketch"))).status).toBe(200);
    expect(await listed()).toContain("sketch");
    expect((await call("DELETE", "/flow-types/sketch/draft")).status).toBe(204);
    expect(await listed()).not.toContain("sketch");
    expect((await call("GET", "/flow-types/sketch")).status).toBe(404);
    const again = await call("DELETE", "/flow-types/sketch/draft");
    expect(again).toMatchObject({ status: 404, type: "application/problem+json" });

    expect((await call("POST", "/flow-types", manual("kept"))).status).toBe(201);
    expect((await call("PUT", "/flow-types/kept/draft", manual("kept", "Kept, edited"))).status).toBe(200);
    expect((await call("DELETE", "/flow-types/kept/draft")).status).toBe(204);
    const detail = await call("GET", "/flow-types/kept");
    expect(detail.body).toMatchObject({ draft: null, latest: { version: 1 } });
    const kept = (await call("GET", "/flow-types")).body.items.find((t: FlowTypeSummary) => t.id === "kept");
    expect(kept).toMatchObject({ latestVersion: 1, hasDraft: false });
    expect(await audit("flow-type.draft.delete")).toEqual(["kept", "sketch"]);
  });

  it("restores an old version as the draft, audited as a restore of that version", async () => {
    await call("POST", "/flow-types", manual("restored", "First"));
    await call("POST", "/flow-types", manual("restored", "Second"));
    await call("PUT", "/flow-types/restored/draft", manual("restored", "Third, unfinished"));
    const restored = await call("POST", "/flow-types/restored/versions/1/restore");
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ definition: { name: "First" }, validation: { valid: true } });
    expect(restored.body.definition).not.toHaveProperty("version");
    const detail = await call("GET", "/flow-types/restored");
    expect(detail.body).toMatchObject({ draft: { definition: { name: "First" } }, latest: { version: 2 } });
    expect(await audit("flow-type.draft.restore")).toEqual(["restored@1"]);
    for (const version of ["9", "0", "abc"]) {
      expect((await call("POST", `/flow-types/restored/versions/${version}/restore`)).status, version).toBe(404);
    }
    expect((await call("POST", "/flow-types/nobody/versions/1/restore")).status).toBe(404);
  });

  it("archives a flow type: says how many instances it has, hides it, refuses new ones, keeps those it has", async () => {
    await call("POST", "/flow-types", manual("assessment", "Assessment"));
    const instances: string[] = [];
    for (let i = 0; i < 3; i++) instances.push((await call("POST", "/flows", { flowType: "assessment" })).body.id);
    for (const id of instances) expect(await statusOf(id)).toBe("waiting");
    await call("POST", `/flows/${instances[0]}/cancel`);
    expect((await call("GET", "/flow-types/assessment/instance-count")).body).toEqual({ total: 3, active: 2 });
    await call("PUT", "/flow-types/assessment/draft", manual("assessment", "Assessment, edited"));

    const archived = await call("DELETE", "/flow-types/assessment");
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: "assessment", instances: { total: 3, active: 2 } });
    expect(Date.parse(archived.body.archivedAt)).not.toBeNaN();
    // Out of the list, draft and all; listed again when asked for the archived ones.
    expect(await listed()).not.toContain("assessment");
    const all = (await call("GET", "/flow-types?archived=true")).body.items as FlowTypeSummary[];
    expect(all.find((t) => t.id === "assessment")).toMatchObject({ archivedAt: archived.body.archivedAt });
    expect((await call("GET", "/flow-types/assessment")).body).toMatchObject({ archivedAt: archived.body.archivedAt });

    const refused = await call("POST", "/flows", { flowType: "assessment" });
    expect(refused).toMatchObject({
      status: 409,
      type: "application/problem+json",
      body: { type: "https://mfo.dev/problems/archived" },
    });
    // Instances it has keep running.
    expect((await call("POST", `/flows/${instances[1]}/execute`)).status).toBe(200);
    expect(await statusOf(instances[1] as string)).toBe("completed");

    expect((await call("DELETE", "/flow-types/assessment")).status).toBe(409);
    expect((await call("DELETE", "/flow-types/nobody")).status).toBe(404);
    await call("PUT", "/flow-types/only-a-draft/draft", manual("only-a-draft"));
    expect((await call("DELETE", "/flow-types/only-a-draft")).status).toBe(404);
    expect((await call("GET", "/flow-types?archived=maybe")).status).toBe(422);
    const rows = (await call("GET", "/audit?action=flow-type.archive&outcome=ok")).body.items as AuditEntry[];
    expect(rows.map((r) => [r.target, r.detail])).toEqual([["assessment", { instances: { total: 3, active: 2 } }]]);
  });

  it("brings an archived flow type back when it is published again", async () => {
    await call("POST", "/flow-types", manual("seasonal"));
    expect((await call("DELETE", "/flow-types/seasonal")).status).toBe(200);
    expect(await listed()).not.toContain("seasonal");
    expect((await call("POST", "/flow-types", manual("seasonal", "Seasonal, again"))).body).toEqual({
      id: "seasonal",
      version: 2,
    });
    expect(await listed()).toContain("seasonal");
    expect((await call("POST", "/flows", { flowType: "seasonal" })).status).toBe(201);
  });
});
