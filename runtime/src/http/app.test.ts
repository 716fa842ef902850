/** The REST API in-process (app.request) on both databases: the contract of API.md, statuses and roles. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Role, type RouteSpec, routes, urlPathOf } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { auditTrail } from "../store/audit-repository.js";
import { storeKey } from "../store/tenant-repository.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const ROLES: Role[] = ["viewer", "operator", "architect", "admin"];

describe.each(["pglite", "postgres"] as const)("API on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-api-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    runtime.engine.start();
    for (const role of ROLES) {
      keys[role] = `test-${role}-key`;
      await storeKey(runtime.database.db, "default", role, role, keys[role]);
    }
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, key: string = keys.admin) => {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const response = await runtime.app.request(path, init);
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      body: text ? JSON.parse(text) : null,
    };
  };
  const until = async (id: string, statuses: string[]) => {
    for (let i = 0; i < 300; i++) {
      const { body } = await call("GET", `/api/v1/flows/${id}/status`);
      if (statuses.includes(body.status)) return body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`instance ${id} never reached ${statuses}`);
  };
  const create = async (input: unknown, key = keys.operator) => {
    const created = await call("POST", "/api/v1/flows", { flowType: "assessment", input }, key);
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it("publishes the shipped templates at start-up", async () => {
    const list = await call("GET", "/api/v1/flow-types", undefined, keys.viewer);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([
      "assessment",
      "decommission",
      "discovery",
      "execution",
      "finops",
      "modernize",
      "observability",
      "planning",
    ]);
  });

  it("runs the assessment flow: waits for sign-off, then completes with the recommended strategy", async () => {
    const definition = JSON.parse(await readFile(join(examples, "assessment.json"), "utf8"));
    const published = await call(
      "POST",
      "/api/v1/flow-types",
      { ...definition, description: "changed" },
      keys.architect,
    );
    expect(published).toMatchObject({ status: 201, body: { id: "assessment", version: 2 } });
    const id = await create({ application: "billing", loc: 250_000, integrations: 15 });
    expect(await until(id, ["waiting"])).toMatchObject({ currentNodes: ["sign-off"], progress: { done: 3, total: 5 } });
    const approved = await call("POST", `/api/v1/flows/${id}/execute`, { decision: "approve" }, keys.operator);
    expect(approved.status).toBe(200);
    await until(id, ["completed"]);
    const done = await call("GET", `/api/v1/flows/${id}`, undefined, keys.viewer);
    expect(done.body).toMatchObject({ status: "completed", version: 2, progress: { done: 5, total: 5 } });
    expect(done.body.context.phases.recommendations.output).toEqual({ strategy: "refactor" });
    const history = await call("GET", `/api/v1/flows/${id}/events`, undefined, keys.viewer);
    expect(history.body.items.map((e: { seq: number }) => e.seq)).toEqual(
      history.body.items.map((_: unknown, i: number) => i + 1),
    );
    expect(history.body.items.at(-1)).toMatchObject({ type: "instance.completed", nodeId: "done" });
  });

  it("answers 401 without a key or with a wrong one, as problem+json", async () => {
    const none = await runtime.app.request("/api/v1/flows");
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect((await call("GET", "/api/v1/flows", undefined, "mfo_wrong")).status).toBe(401);
  });

  it("answers bad input with 413 and 422 problem documents, never a 500", async () => {
    const big = await call("POST", "/api/v1/flow-types", "x".repeat(1024 * 1024 + 1), keys.architect);
    expect(big.status).toBe(413);
    const broken = await call("POST", "/api/v1/flows", '{"flowType": ', keys.operator);
    expect(broken).toMatchObject({
      status: 422,
      type: "application/problem+json",
      body: { errors: [{ code: "invalid-json" }] },
    });
    const wrong = await call("POST", "/api/v1/flows", { flowType: "Nope!", colour: 1 }, keys.operator);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(["/colour", "/flowType"]);
    const badInput = await call("POST", "/api/v1/flows", { flowType: "assessment", input: { loc: -1 } }, keys.operator);
    expect(badInput.status).toBe(422);
    expect(badInput.body.errors.map((e: { path: string }) => e.path)).toEqual(["/input", "/input/loc"]);
    const invalidFlow = await call(
      "POST",
      "/api/v1/flow-types",
      { id: "x", name: "X", nodes: [], edges: [] },
      keys.architect,
    );
    expect(invalidFlow.status).toBe(422);
    expect(invalidFlow.body.errors.map((e: { code: string }) => e.code)).toEqual(["missing-end", "missing-start"]);
    expect((await call("GET", "/api/v1/flows?limit=201", undefined, keys.viewer)).status).toBe(422);
    expect((await call("GET", "/api/v1/flows?cursor=garbage", undefined, keys.viewer)).status).toBe(422);
    expect((await call("GET", "/api/v1/flow-types/assessment/versions/zero", undefined, keys.viewer)).status).toBe(404);
  });

  it("answers 409 for an action the status does not allow", async () => {
    const id = await create({ application: "small", loc: 10, integrations: 0 });
    await until(id, ["completed"]);
    for (const action of ["execute", "pause", "resume", "cancel"]) {
      const { status, body } = await call(
        "POST",
        `/api/v1/flows/${id}/${action}`,
        action === "execute" ? {} : undefined,
        keys.operator,
      );
      expect(status, action).toBe(409);
      expect(body.detail.length).toBeGreaterThan(10);
    }
  });

  it("pages through instances newest first with a cursor", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await create({ application: `page-${i}`, loc: 1, integrations: 0 }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await call(
        "GET",
        `/api/v1/flows?limit=2&flowType=assessment${cursor ? `&cursor=${cursor}` : ""}`,
        undefined,
        keys.viewer,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual([...created].reverse());
  });

  it("soft-deletes: 204, then 404 and gone from lists, with the deletion audited", async () => {
    const id = await create({ application: "doomed", loc: 1, integrations: 0 });
    expect((await call("DELETE", `/api/v1/flows/${id}`, undefined, keys.operator)).status).toBe(204);
    expect((await call("GET", `/api/v1/flows/${id}`)).status).toBe(404);
    const list = await call("GET", "/api/v1/flows?limit=200");
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const rows = await auditTrail(runtime.database.db, id);
    expect(rows.map((r) => r.action)).toContain("flow.delete");
  });

  it("records each state-changing action once in the audit log, with the actor's key and the request id", async () => {
    const db = runtime.database.db;
    const send = async (method: string, path: string, body?: unknown) => {
      const response = await runtime.app.request(path, {
        method,
        headers: { authorization: `Bearer ${keys.architect}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.status).toBeLessThan(300);
      return {
        requestId: response.headers.get("x-request-id"),
        body: response.status === 204 ? null : await response.json(),
      };
    };
    const draft = await send("PUT", "/api/v1/flow-types/audited/draft", { id: "audited" });
    const created = await send("POST", "/api/v1/flows", {
      flowType: "assessment",
      input: { application: "a", loc: 900_000, integrations: 40 },
    });
    const id = (created.body as { id: string }).id;
    await until(id, ["waiting"]);
    const paused = await send("POST", `/api/v1/flows/${id}/pause`);
    const cancelled = await send("POST", `/api/v1/flows/${id}/cancel`);
    const rows = await auditTrail(db, id);
    expect(rows.map((r) => [r.action, r.requestId])).toEqual([
      ["flow.create", created.requestId],
      ["flow.pause", paused.requestId],
      ["flow.cancel", cancelled.requestId],
    ]);
    const [draftRow] = await auditTrail(db, "audited");
    expect(draftRow).toMatchObject({ action: "flow-type.draft.save", requestId: draft.requestId, outcome: "ok" });
    expect(new Set(rows.map((r) => r.actorKeyId)).size).toBe(1);
  });

  it("keeps concurrent operator actions consistent: each answers 2xx or 409, and the end state matches the history", async () => {
    const id = await create({ application: "contended", loc: 900_000, integrations: 40 });
    await until(id, ["waiting"]);
    const actions = ["pause", "resume", "execute", "cancel"];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const action = actions[i % actions.length] as string;
        return call(
          "POST",
          `/api/v1/flows/${id}/${action}`,
          action === "execute" ? { decision: "approve" } : undefined,
          keys.operator,
        );
      }),
    );
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    const final = await until(id, ["completed", "cancelled", "paused", "waiting", "failed"]);
    const history = (await call("GET", `/api/v1/flows/${id}/events`)).body.items as Array<{ type: string }>;
    const last = history.filter((e) => e.type.startsWith("instance.")).at(-1)?.type;
    const expected: Record<string, string[]> = {
      cancelled: ["instance.cancelled"],
      completed: ["instance.completed"],
      paused: ["instance.paused"],
      waiting: ["instance.resumed", "instance.created"],
    };
    expect(expected[final.status] ?? [], `${final.status} after ${last}`).toContain(last);
  });

  it("serves the OpenAPI document with every route, and readiness", async () => {
    const doc = (await (await runtime.app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const spec of routes as readonly RouteSpec[]) {
      expect(doc.paths[urlPathOf(spec).replace(/:(\w+)/g, "{$1}")]?.[spec.method], spec.path).toBeDefined();
    }
    // A public route (a webhook call) needs no key: no security requirement, no 403.
    const hookCall = doc.paths["/api/v1/hooks/{hookId}"]?.post as { security?: unknown[]; responses: object };
    expect(hookCall.security).toEqual([]);
    expect(Object.keys(hookCall.responses)).not.toContain("403");
    expect((await runtime.app.request("/readyz")).status).toBe(200);
    expect((await runtime.app.request("/docs")).headers.get("content-type")).toContain("text/html");
  });
});
