/** GET /metrics of a whole runtime on both databases: what ran shows up, in a format a strict parser accepts. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { tenants, timers } from "../store/schema.js";
import { storeKey } from "../store/tenant-repository.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";
import { type Family, parsePrometheusText, sumOf } from "../testing/prometheus-text.js";

/** prepare, then check: `check` passes for input ok=true and fails both of its two attempts otherwise. */
const metered = {
  id: "metered",
  name: "Metered",
  nodes: [
    { id: "start", type: "start" },
    { id: "prepare", type: "phase", handler: "transform", params: { expression: "{ 'ok': input.ok }" } },
    {
      id: "check",
      type: "phase",
      handler: "transform",
      params: { expression: "phases.prepare.output" },
      validators: [{ type: "expression", params: { expression: "ok = true" } }],
      retry: { maxAttempts: 2, initialDelayMs: 0, jitter: false },
    },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "prepare" },
    { id: "e2", source: "prepare", target: "check" },
    { id: "e3", source: "check", target: "done" },
  ],
};

describe.each(["pglite", "postgres"] as const)("metrics on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  const ADMIN = "metrics-admin-key";
  const VIEWER = "metrics-viewer-key";
  const OTHER = "metrics-other-tenant-key";

  const request = (path: string, key?: string, init: RequestInit = {}) =>
    runtime.app.request(path, {
      ...init,
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    });
  const scrape = async (key?: string): Promise<Map<string, Family>> => {
    const response = await request("/metrics", key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return parsePrometheusText(await response.text());
  };
  const create = async (key: string, flowType: string, input: unknown): Promise<string> => {
    const response = await request("/api/v1/flows", key, { method: "POST", body: JSON.stringify({ flowType, input }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const until = async (id: string, key: string, statuses: string[]) => {
    for (let i = 0; i < 500; i++) {
      const body = (await (await request(`/api/v1/flows/${id}/status`, key)).json()) as { status: string };
      if (statuses.includes(body.status)) return body.status;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`instance ${id} never reached ${statuses}`);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-metrics-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl, adminKey: ADMIN }));
    const { db } = runtime.database;
    await storeKey(db, "default", "viewer", "viewer", VIEWER);
    await db.insert(tenants).values({ id: "other", name: "Other" });
    await storeKey(db, "other", "admin", "other admin", OTHER);
    for (const key of [ADMIN, OTHER]) {
      const published = await request("/api/v1/flow-types", key, { method: "POST", body: JSON.stringify(metered) });
      expect(published.status).toBe(201);
    }
    runtime.engine.start();
    const ids = await Promise.all([
      ...[1, 2, 3].map(() => create(ADMIN, "metered", { ok: true })),
      ...[1, 2].map(() => create(ADMIN, "metered", { ok: false })),
      create(OTHER, "metered", { ok: true }),
    ]);
    for (const [i, id] of ids.entries()) await until(id, i === 5 ? OTHER : ADMIN, ["completed", "failed"]);
    await runtime.engine.stop();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("counts what ran: instances by status, steps and their durations per phase, retries and failures", async () => {
    const m = await scrape(ADMIN);
    const mine = { tenant: "default", flow_type: "metered" };
    expect(sumOf(m, "mfo_instances_created_total", mine)).toBe(5);
    expect(sumOf(m, "mfo_instances", { tenant: "default", status: "completed" })).toBe(3);
    expect(sumOf(m, "mfo_instances", { tenant: "default", status: "failed" })).toBe(2);
    expect(sumOf(m, "mfo_instances", { tenant: "default", status: "running" })).toBe(0);
    expect(sumOf(m, "mfo_steps_total", { ...mine, phase: "prepare" })).toBe(5);
    expect(sumOf(m, "mfo_steps_total", { ...mine, phase: "check", outcome: "completed" })).toBe(3);
    expect(sumOf(m, "mfo_steps_total", { ...mine, phase: "check", outcome: "failed" })).toBe(2);
    expect(sumOf(m, "mfo_step_duration_seconds_count", { ...mine, phase: "check" })).toBe(5);
    expect(sumOf(m, "mfo_step_duration_seconds_bucket", { ...mine, phase: "prepare", le: "+Inf" })).toBe(5);
    expect(sumOf(m, "mfo_step_retries_total", { ...mine, phase: "check" })).toBe(2);
    expect(sumOf(m, "mfo_node_failures_total", { ...mine, node: "check" })).toBe(2);
    expect(sumOf(m, "mfo_steps_total", { tenant: "other" })).toBe(2);
    expect(m.get("mfo_queue_lag_seconds")?.samples).toEqual([{ name: "mfo_queue_lag_seconds", labels: {}, value: 0 }]);
    expect(sumOf(m, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
  });

  it("times HTTP requests by route pattern and status, never by raw path", async () => {
    const m = await scrape(ADMIN);
    const route = { method: "GET", route: "/api/v1/flows/:id/status", status: "200" };
    expect(sumOf(m, "mfo_http_request_duration_seconds_count", route)).toBeGreaterThan(0);
    expect(sumOf(m, "mfo_http_request_duration_seconds_count", { route: "/api/v1/flows", status: "201" })).toBe(6);
    const routes = m.get("mfo_http_request_duration_seconds")?.samples.map((s) => s.labels.route) ?? [];
    expect(routes.filter((r) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(r ?? ""))).toEqual([]);
  });

  it("shows every other key only its own tenant's series beside the installation's", async () => {
    const tenantsIn = (m: Map<string, Family>) =>
      new Set([...m.values()].flatMap((f) => f.samples.map((s) => s.labels.tenant)).filter(Boolean));
    const other = await scrape(OTHER);
    expect(tenantsIn(other)).toEqual(new Set(["other"]));
    expect(sumOf(other, "mfo_steps_total", { flow_type: "metered", phase: "prepare" })).toBe(1);
    const viewer = await scrape(VIEWER);
    expect(tenantsIn(viewer)).toEqual(new Set(["default"]));
    expect(sumOf(viewer, "mfo_steps_total", { flow_type: "metered", phase: "prepare" })).toBe(5);
    expect(viewer.get("mfo_http_request_duration_seconds")?.samples.length).toBeGreaterThan(0);
  });

  it("measures queue lag from the oldest due timer of a running instance, ignoring paused ones", async () => {
    // A side-effecting phase first: the create leaves it to the worker (stopped here) with a "run now" timer,
    // where an all-pure flow such as "metered" would be finished by its create.
    const queued = {
      id: "queued",
      name: "Queued",
      nodes: [
        { id: "start", type: "start" },
        { id: "say", type: "phase", handler: "log", params: { message: "hello" } },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "say" },
        { id: "e2", source: "say", target: "done" },
      ],
    };
    expect((await request("/api/v1/flow-types", ADMIN, { method: "POST", body: JSON.stringify(queued) })).status).toBe(
      201,
    );
    const id = await create(ADMIN, "queued", {});
    const { db } = runtime.database;
    const minuteAgo = new Date(Date.now() - 60_000);
    await db
      .update(timers)
      .set({ dueAt: minuteAgo })
      .where(and(eq(timers.instanceId, id), isNull(timers.firedAt)));
    const lag = (m: Map<string, Family>) => sumOf(m, "mfo_queue_lag_seconds");
    expect(lag(await scrape(ADMIN))).toBeGreaterThanOrEqual(60);
    expect((await request(`/api/v1/flows/${id}/pause`, ADMIN, { method: "POST" })).status).toBe(200);
    expect(lag(await scrape(ADMIN))).toBe(0);
  });

  it("answers 401 without a key", async () => {
    const response = await request("/metrics");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("metrics with MFO_METRICS_PUBLIC=1", () => {
  it("answers without a key, every tenant's series included", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mfo-metrics-public-"));
    const runtime = await createRuntime(testConfig(dataDir, { metricsPublic: true }));
    try {
      const created = await runtime.app.request("/api/v1/flows", {
        method: "POST",
        headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({ flowType: "assessment", input: { application: "a" } }),
      });
      expect(created.status).toBe(201);
      const response = await runtime.app.request("/metrics");
      expect(response.status).toBe(200);
      const m = parsePrometheusText(await response.text());
      expect(sumOf(m, "mfo_instances_created_total", { tenant: "default", flow_type: "assessment" })).toBe(1);
      // One instance, whatever status its create left it in (it runs up to its first side effect or approval).
      expect(sumOf(m, "mfo_instances", { tenant: "default" })).toBe(1);
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
