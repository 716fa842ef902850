#!/usr/bin/env node
// Analytics and scrape timing at scale (not part of `npm test`): 100k instances of one tenant created over the
// last ~22 hours (5 flow types, ~5% failed, ~2% cancelled, 1% running), each with 5 phase runs, beside 50k
// instances of another tenant, on a real PostgreSQL and on the embedded PGlite. After VACUUM ANALYZE it times
// GET /api/v1/flows/analytics (default range: all 100k; and with a flowType filter) and GET /metrics (its
// gauges count instances by status at scrape time), median of RUNS, and prints EXPLAIN (ANALYZE, BUFFERS) of
// the analytics statements. Run: npm run build -w runtime && node runtime/bench/analytics-bench.mjs
// (INSTANCES=100000 RUNS=7 DRIVERS=postgres,pglite to change).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime } from "../dist/index.js";
import { analyticsStatements } from "../dist/store/instances/index.js";
import { createTestDatabase, startPostgres } from "../dist/testing/index.js";

const N = Number(process.env.INSTANCES ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 7);
const DRIVERS = (process.env.DRIVERS ?? "postgres,pglite").split(",");
const KEY = "bench-admin-key";
const TENANT = "default";
const PHASES = 5;

/** Instances of `tenant`, one every `stepMs` back from now, with their phase runs; statuses cycle. */
const seedSql = (tenant, count, stepMs) => [
  `insert into instances (id, tenant_id, flow_type_id, version, status, snapshot, context, created_at, updated_at, finished_at)
   select gen_random_uuid(), '${tenant}', 'flow-' || (i % 5), 1, s.status,
     jsonb_build_object('value', 'done', 'context', jsonb_build_object('seq', 20)),
     jsonb_build_object('input', jsonb_build_object('application', 'app-' || i, 'note', repeat('x', 300)),
       'phases', jsonb_build_object(), 'vars', jsonb_build_object()),
     c.at, c.at, case when s.status = 'running' then null else c.at + (50 + (i * 7919) % 60000) * interval '1 ms' end
   from generate_series(1, ${count}) i,
     lateral (select now() - interval '1 minute' - (${count} - i) * interval '${stepMs} ms' as at) c,
     lateral (select case when i % 100 = 3 then 'running' when i % 20 = 0 then 'failed'
                          when i % 50 = 1 then 'cancelled' else 'completed' end as status) s`,
  `insert into phase_runs (tenant_id, instance_id, flow_type_id, node_id, status, attempts, started_at, finished_at, duration_ms)
   select i.tenant_id, i.id, i.flow_type_id, 'phase-' || p, case when i.status = 'failed' and p = ${PHASES} then 'failed' else 'completed' end,
     1, i.created_at + (p - 1) * interval '10 ms', i.created_at + (p - 1) * interval '10 ms' + d.ms * interval '1 ms', d.ms
   from instances i cross join generate_series(1, ${PHASES}) p,
     lateral (select (abs(hashtext(i.id::text || p)::bigint) % 5000) + 1 as ms) d
   where i.tenant_id = '${tenant}' and i.finished_at is not null`,
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(run) {
  const times = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    await run();
    if (i > 0) times.push(performance.now() - started); // the first run warms caches and plans
  }
  return Number(median(times).toFixed(1));
}

/** Runs SQL text on whichever client the runtime opened (pg.Pool or PGlite). */
const raw = (database, text, params = []) => database.client.query(text, params);

async function measure(label, databaseUrl) {
  const dataDir = await mkdtemp(join(tmpdir(), "mfo-analytics-bench-"));
  const runtime = await createRuntime({
    port: 0,
    host: "127.0.0.1",
    databaseUrl,
    dataDir,
    adminKey: KEY,
    httpAllowHosts: [],
    flowsDir: undefined,
    // The analytics read seeded rows only: no pack templates needed.
    packs: [],
    logLevel: "silent",
    leaseMs: 30_000,
    pollMs: 1000,
    encryptionKey: randomBytes(32),
    encryptionKeyPrevious: undefined,
    metricsPublic: false,
    rateLimit: 0,
    authFailureLimit: 0,
    corsOrigins: [],
  });
  try {
    const { database } = runtime;
    const seeding = performance.now();
    await raw(database, "insert into tenants (id, name) values ('noise', 'Noise') on conflict do nothing");
    for (const statement of seedSql(TENANT, N, 800)) await raw(database, statement);
    for (const statement of seedSql("noise", Math.round(N / 2), 1600)) await raw(database, statement);
    await raw(database, "vacuum analyze instances");
    await raw(database, "vacuum analyze phase_runs");
    const seedSeconds = ((performance.now() - seeding) / 1000).toFixed(1);

    const get = async (path) => {
      const response = await runtime.app.request(path, { headers: { authorization: `Bearer ${KEY}` } });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return response;
    };
    const body = await (await get("/api/v1/flows/analytics")).json();
    if (body.total !== N) throw new Error(`the default range holds ${body.total} instances, not ${N}`);
    const phaseRuns = body.phases.reduce((sum, p) => sum + p.runs, 0);
    const result = {
      label,
      instances: body.total,
      phaseRuns,
      seedSeconds,
      analyticsMs: await timed(() => get("/api/v1/flows/analytics").then((r) => r.text())),
      oneFlowTypeMs: await timed(() => get("/api/v1/flows/analytics?flowType=flow-1").then((r) => r.text())),
      metricsScrapeMs: await timed(() => get("/metrics").then((r) => r.text())),
    };

    const to = new Date();
    const range = { from: new Date(to.getTime() - 24 * 3_600_000), to };
    const statements = analyticsStatements(database.db, TENANT, range);
    for (const [name, statement] of Object.entries(statements)) {
      const { sql, params } = statement.toSQL();
      const plan = await raw(database, `explain (analyze, buffers) ${sql}`, params);
      console.log(`\n--- ${label}: EXPLAIN (ANALYZE, BUFFERS) of the ${name} statement ---\n${sql}\n`);
      console.log(plan.rows.map((row) => row["QUERY PLAN"]).join("\n"));
    }
    return result;
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
if (DRIVERS.includes("postgres")) {
  const server = await startPostgres();
  try {
    results.push(await measure("PostgreSQL", await createTestDatabase(server.url)));
  } finally {
    await server.stop();
  }
}
if (DRIVERS.includes("pglite")) results.push(await measure("PGlite", undefined));
console.log();
console.table(results);
