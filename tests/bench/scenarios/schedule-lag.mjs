// Schedule firing lag (issue 19): BENCH_SCHEDULES every-second schedules (`* * * * * *`, 5) of a one-noop flow
// run for BENCH_SCHEDULE_SECONDS (20) on one `mfo serve` on PostgreSQL; then each started instance's lag is its
// created_at minus the due time its idempotency key names (`schedule:<id>:<due ISO>`), read from the database.
// Row: the p99 lag (p50, max, instances and due times missed in details). Goal: p99 < 1 s (one period: a schedule
// that lags more than its period falls behind). Also checks that every due time started exactly one instance.
//
// Env: BENCH_SCHEDULES (5), BENCH_SCHEDULE_SECONDS (20).
import { createTestDatabase } from "@mfo/runtime/testing";
import pg from "pg";
import { lineFlow } from "../lib/flows.mjs";
import { quantile, say, startRuntime } from "../lib/runtime-process.mjs";

const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 5);
const SECONDS = Number(process.env.BENCH_SCHEDULE_SECONDS ?? 20);
const GOAL_MS = 1_000;
const flow = lineFlow("bench-tick", "Tick", 1, () => ({ handler: "noop", params: {} }));

/** Runs the scenario on the PostgreSQL server at ctx.serverUrl; resolves to its result rows. */
export async function run({ serverUrl }) {
  const databaseUrl = await createTestDatabase(serverUrl);
  const runtime = await startRuntime({ databaseUrl });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await runtime.client.request("post /flow-types", { body: flow });
    const ids = [];
    for (let i = 0; i < SCHEDULES; i++)
      ids.push((await runtime.client.createSchedule(flow.id, { cron: "* * * * * *", overlap: "allow" })).id);
    const started = Date.now();
    say(`  schedule lag: ${SCHEDULES} every-second schedules for ${SECONDS} s`);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
    for (const id of ids) await runtime.client.pauseSchedule(flow.id, id);
    const { rows } = await db.query(
      `select idempotency_key as key, (extract(epoch from created_at) * 1000)::float8 as at
       from instances where idempotency_key like 'schedule:%'`,
    );
    // schedule:<36-character uuid>:<due ISO>
    const lags = rows.map((r) => r.at - Date.parse(r.key.slice("schedule:".length + 37)));
    const keys = new Set(rows.map((r) => r.key));
    if (keys.size !== rows.length) throw new Error(`schedule lag: ${rows.length - keys.size} duplicate instances`);
    const expected = SCHEDULES * Math.floor((Date.now() - started) / 1_000);
    lags.sort((a, b) => a - b);
    const p99 = quantile(lags, 0.99);
    const summary = `p50 ${Math.round(quantile(lags, 0.5))} ms, p99 ${Math.round(p99)} ms, max ${Math.round(lags.at(-1))} ms`;
    say(`  schedule lag: ${summary} over ${rows.length} instances (about ${expected} due times)`);
    return [
      {
        scenario: `schedule firing lag: ${SCHEDULES} every-second schedules, ${SECONDS} s`,
        clients: 1,
        figure: p99,
        unit: "ms p99",
        baseline: null,
        baselineLabel: "",
        ratio: null,
        goal: `p99 < ${GOAL_MS} ms`,
        met: p99 < GOAL_MS,
        latency: summary,
        details: { instances: rows.length, p50Ms: quantile(lags, 0.5), maxMs: lags.at(-1) },
      },
    ];
  } finally {
    await db.end();
    await runtime.stop();
  }
}
