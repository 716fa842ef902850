// Throughput as the store grows: one `mfo serve` on one fresh PostgreSQL database; at each level of
// BENCH_GROWTH_STEPS the database is seeded up to that many stored instances (only the difference), then
// BENCH_GROWTH_INSTANCES new instances of the 5-phase transform flow run at 8 clients. Rows: instances/s per level
// against the first level's, which should stay flat, with the create-to-finish p50/p99 and the p99 of
// `GET /flows/{id}/status` on random stored instances (2,000 requests at 10 connections) in details.
//
// Each level runs its own copy of the flow (flow type `growth-<level>`): runInstances reads back every instance of
// its flow type and expects exactly the ones it created, so the stored ones belong to another type.
//
// Env: BENCH_GROWTH_STEPS ("10000,100000,1000000" stored instances), BENCH_GROWTH_INSTANCES (1000 per level).
import { createTestDatabase } from "@mfo/runtime/testing";
import pg from "pg";
import { publishTransformFlow } from "../lib/flows.mjs";
import { runInstances } from "../lib/load.mjs";
import { progressLine, say, startRuntime } from "../lib/runtime-process.mjs";
import { seedCompleted } from "../lib/seed.mjs";
import { randomStatusPath, sampleInstanceIds, warmThenMeasure } from "./api-latency.mjs";

const STEPS = (process.env.BENCH_GROWTH_STEPS ?? "10000,100000,1000000").split(",").map(Number);
const INSTANCES = Number(process.env.BENCH_GROWTH_INSTANCES ?? 1_000);
const CLIENTS = 8;
const STATUS_REQUESTS = 2_000;
const STATUS_CONNECTIONS = 10;
const STORED_FLOW = "five-transforms";
/** Real instances run before the first level: they warm the runtime up, and the seed copies one of them. */
const WARM_UP = Math.min(200, STEPS[0]);

/** Instances in the database, of every flow type. */
async function storedCount(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query("select count(*)::int as n from instances")).rows[0].n;
  } finally {
    await db.end();
  }
}

/** Seeds copies of the stored flow's template until the database holds `level` instances; resolves to seconds. */
async function seedUpTo(databaseUrl, level, version) {
  const missing = level - (await storedCount(databaseUrl));
  if (missing <= 0) return 0;
  const { seconds } = await seedCompleted(databaseUrl, {
    flowTypeId: STORED_FLOW,
    version,
    count: missing,
    onProgress: (done, count) => progressLine(`seeding to ${level}: ${done}/${count} instances`),
  });
  process.stderr.write("\n");
  return seconds;
}

/** p99 of status requests for random stored instances, in ms. */
async function statusP99(base, databaseUrl, level) {
  const ids = await sampleInstanceIds(databaseUrl, STATUS_REQUESTS);
  const { p99Ms } = await warmThenMeasure({
    base,
    path: () => randomStatusPath(ids),
    connections: STATUS_CONNECTIONS,
    amount: STATUS_REQUESTS,
    label: `status at ${level}`,
  });
  return p99Ms;
}

/** Seeds to `level`, then measures instances/s and the status p99 there. */
async function measureLevel(runtime, databaseUrl, level, version) {
  const seedSeconds = await seedUpTo(databaseUrl, level, version);
  const flowId = `growth-${level}`;
  await publishTransformFlow(runtime.client, flowId);
  const stored = await storedCount(databaseUrl);
  const load = await runInstances({
    client: runtime.client,
    flowId,
    count: INSTANCES,
    clients: CLIENTS,
    label: `${INSTANCES} instances at ${stored} stored`,
  });
  const statusP99Ms = await statusP99(runtime.base, databaseUrl, level);
  return { level, stored, seedSeconds, statusP99Ms, ...load };
}

/** Runs the scenario on the PostgreSQL server at ctx.serverUrl; resolves to its result rows. */
export async function run({ serverUrl }) {
  say(`stored growth: ${INSTANCES} instances at ${CLIENTS} clients with ${STEPS.join(", ")} stored`);
  const databaseUrl = await createTestDatabase(serverUrl);
  const runtime = await startRuntime({ databaseUrl });
  try {
    const version = await publishTransformFlow(runtime.client, STORED_FLOW);
    await runInstances({
      client: runtime.client,
      flowId: STORED_FLOW,
      count: WARM_UP,
      clients: CLIENTS,
      label: "warm-up",
    });
    const levels = [];
    for (const level of STEPS) levels.push(await measureLevel(runtime, databaseUrl, level, version));
    const first = levels[0].perSecond;
    return levels.map((l) => ({
      scenario: `stored growth: ${l.level} stored`,
      clients: CLIENTS,
      figure: l.perSecond,
      unit: "instances/s",
      baseline: first,
      baselineLabel: `instances/s at ${STEPS[0]} stored`,
      ratio: l.perSecond / first,
      goal: null,
      met: null,
      details: {
        storedInstances: l.stored,
        instances: l.instances,
        seconds: l.seconds,
        p50Ms: l.p50Ms,
        p99Ms: l.p99Ms,
        seedSeconds: l.seedSeconds,
        statusP99Ms: l.statusP99Ms,
      },
    }));
  } finally {
    await runtime.stop();
  }
}
