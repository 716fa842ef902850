/**
 * GET /flows/analytics on both databases, against rows of known timestamps: counts, success rates and the
 * percentiles PostgreSQL's percentile_cont must give (computed here independently), tenant scoping, filters.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Analytics, type InstanceStatus, validateBody } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { instances, phaseRuns, tenants } from "../store/schema.js";
import { storeKey } from "../store/tenant-repository.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";

const FROM = "2025-03-01T00:00:00.000Z";
const TO = "2025-03-02T00:00:00.000Z";
const at = (offsetMs: number, base = FROM) => new Date(Date.parse(base) + offsetMs);

/** The linear interpolation of percentile_cont: the value at fraction p of the sorted list. */
function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const lower = sorted[low] as number;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - low);
}

/** The API gives milliseconds to the microsecond. */
const micro = (ms: number | null) => (ms === null ? null : Math.round(ms * 1000) / 1000);
const stats = (values: number[]) => ({
  p50Ms: micro(percentileCont(values, 0.5)),
  p95Ms: micro(percentileCont(values, 0.95)),
});
const counts = (partial: Partial<Record<InstanceStatus, number>>) => ({
  running: 0,
  waiting: 0,
  paused: 0,
  quarantined: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  ...partial,
});

interface Row {
  tenant?: string;
  flowType: string;
  status: InstanceStatus;
  created: Date;
  durationMs?: number;
}

describe.each(["pglite", "postgres"] as const)("analytics on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  const VIEWER = "analytics-viewer-key";
  const OTHER = "analytics-other-key";

  const get = async (query: string, key = VIEWER) => {
    const response = await runtime.app.request(`/api/v1/flows/analytics${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      body: JSON.parse(await response.text()),
    };
  };

  async function insertInstances(rows: Row[]): Promise<void> {
    await runtime.database.db.insert(instances).values(
      rows.map((r) => ({
        id: randomUUID(),
        tenantId: r.tenant ?? "default",
        flowTypeId: r.flowType,
        version: 1,
        status: r.status,
        snapshot: {},
        context: { input: {}, phases: {}, vars: {} },
        createdAt: r.created,
        updatedAt: r.created,
        finishedAt: r.durationMs === undefined ? null : new Date(r.created.getTime() + r.durationMs),
      })),
    );
  }

  async function insertPhaseRuns(
    rows: Array<{ tenant?: string; flowType: string; phase: string; failed?: boolean; finished: Date; ms: number }>,
  ) {
    await runtime.database.db.insert(phaseRuns).values(
      rows.map((r) => ({
        tenantId: r.tenant ?? "default",
        instanceId: randomUUID(),
        flowTypeId: r.flowType,
        nodeId: r.phase,
        status: r.failed ? ("failed" as const) : ("completed" as const),
        attempts: 1,
        startedAt: new Date(r.finished.getTime() - r.ms),
        finishedAt: r.finished,
        durationMs: r.ms,
      })),
    );
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-analytics-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    const { db } = runtime.database;
    await storeKey(db, "default", "viewer", "viewer", VIEWER);
    await db.insert(tenants).values({ id: "other", name: "Other" });
    await storeKey(db, "other", "viewer", "other viewer", OTHER);
    const hour = 3_600_000;
    await insertInstances([
      // alpha: five completed, one failed, one cancelled, two still running; created inside [FROM, TO).
      ...[1000, 2000, 3000, 4000, 10_000].map((ms, i) => ({
        flowType: "alpha",
        status: "completed" as const,
        created: at(i * hour),
        durationMs: ms,
      })),
      { flowType: "alpha", status: "failed", created: at(0), durationMs: 500 },
      { flowType: "alpha", status: "cancelled", created: at(23 * hour), durationMs: 700.25 },
      { flowType: "alpha", status: "running", created: at(hour) },
      { flowType: "alpha", status: "waiting", created: at(Date.parse(TO) - Date.parse(FROM) - 1) },
      // beta: two completed.
      { flowType: "beta", status: "completed", created: at(5 * hour), durationMs: 100 },
      { flowType: "beta", status: "completed", created: at(6 * hour), durationMs: 300 },
      // Outside the range: just before FROM, exactly at TO (exclusive).
      { flowType: "alpha", status: "completed", created: at(-1), durationMs: 99_999 },
      { flowType: "alpha", status: "failed", created: at(0, TO), durationMs: 99_999 },
      // Another tenant's, inside the range.
      { tenant: "other", flowType: "alpha", status: "failed", created: at(hour), durationMs: 42 },
    ]);
    await insertPhaseRuns([
      ...[10, 20, 30, 40].map((ms) => ({ flowType: "alpha", phase: "prepare", finished: at(hour), ms })),
      { flowType: "alpha", phase: "prepare", failed: true, finished: at(2 * hour), ms: 50 },
      { flowType: "alpha", phase: "check", finished: at(0), ms: 7 },
      { flowType: "beta", phase: "x", finished: at(3 * hour), ms: 5 },
      { flowType: "alpha", phase: "prepare", finished: at(0, TO), ms: 100_000 },
      { tenant: "other", flowType: "alpha", phase: "prepare", finished: at(hour), ms: 100_000 },
    ]);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("counts instances by status and flow type, with success rates and duration percentiles", async () => {
    const { status, body } = await get(`?from=${FROM}&to=${TO}`);
    expect(status).toBe(200);
    expect(validateBody("analytics", body)).toEqual({ valid: true, errors: [] });
    const analytics = body as Analytics;
    expect(analytics).toMatchObject({ from: FROM, to: TO, total: 11 });
    expect(analytics.byStatus).toEqual(counts({ completed: 7, failed: 1, cancelled: 1, running: 1, waiting: 1 }));
    expect(analytics.successRate).toBeCloseTo(7 / 9, 12);
    expect(analytics.flowTypes).toEqual([
      {
        flowType: "alpha",
        total: 9,
        byStatus: counts({ completed: 5, failed: 1, cancelled: 1, running: 1, waiting: 1 }),
        successRate: 5 / 7,
        durationMs: stats([1000, 2000, 3000, 4000, 10_000, 500, 700.25]),
      },
      { flowType: "beta", total: 2, byStatus: counts({ completed: 2 }), successRate: 1, durationMs: stats([100, 300]) },
    ]);
  });

  it("gives per-phase runs, failures and percentiles of the runs finished in the range", async () => {
    const { body } = await get(`?from=${FROM}&to=${TO}`);
    expect((body as Analytics).phases).toEqual([
      { flowType: "alpha", phase: "check", runs: 1, failed: 0, durationMs: stats([7]) },
      { flowType: "alpha", phase: "prepare", runs: 5, failed: 1, durationMs: stats([10, 20, 30, 40, 50]) },
      { flowType: "beta", phase: "x", runs: 1, failed: 0, durationMs: stats([5]) },
    ]);
  });

  it("filters by flow type", async () => {
    const { body } = await get(`?from=${FROM}&to=${TO}&flowType=beta`);
    expect(body).toMatchObject({ total: 2, successRate: 1, byStatus: counts({ completed: 2 }) });
    expect((body as Analytics).flowTypes.map((f) => f.flowType)).toEqual(["beta"]);
    expect((body as Analytics).phases.map((p) => p.phase)).toEqual(["x"]);
  });

  it("sees only the caller's tenant", async () => {
    const { body } = await get(`?from=${FROM}&to=${TO}`, OTHER);
    expect(body).toMatchObject({ total: 1, successRate: 0, byStatus: counts({ failed: 1 }) });
    expect((body as Analytics).phases).toEqual([
      { flowType: "alpha", phase: "prepare", runs: 1, failed: 0, durationMs: stats([100_000]) },
    ]);
  });

  it("covers the last 24 hours by default, and answers empty ranges with zeros and nulls", async () => {
    await insertInstances([
      { flowType: "recent", status: "completed", created: new Date(Date.now() - 3_600_000), durationMs: 1 },
      { flowType: "recent", status: "completed", created: new Date(Date.now() - 25 * 3_600_000), durationMs: 1 },
    ]);
    const recent = await get("?flowType=recent");
    expect(recent.body).toMatchObject({ total: 1, byStatus: counts({ completed: 1 }) });
    expect(Date.parse(recent.body.to) - Date.parse(recent.body.from)).toBe(24 * 3_600_000);
    const empty = await get("?from=2020-01-01&to=2020-01-02");
    expect(empty.body).toEqual({
      from: "2020-01-01T00:00:00.000Z",
      to: "2020-01-02T00:00:00.000Z",
      total: 0,
      byStatus: counts({}),
      successRate: null,
      flowTypes: [],
      phases: [],
    });
  });

  it("answers a bad range with a 422 problem naming the parameter", async () => {
    for (const [query, path] of [
      ["?from=soon", "/from"],
      [`?from=${TO}&to=${FROM}`, "/from"],
      ["?from=2020-01-01&to=2021-06-01", "/to"],
    ] as const) {
      const { status, type, body } = await get(query);
      expect(status, query).toBe(422);
      expect(type).toBe("application/problem+json");
      expect(body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
  });
});
