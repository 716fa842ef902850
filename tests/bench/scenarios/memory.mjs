// Memory of one `mfo serve` on a fresh PostgreSQL database: its resident set when idle after start, after running
// BENCH_MEMORY_INSTANCES instances of the 5-phase transform flow at 32 clients (read once it has been idle again,
// so it is what the process keeps, not what the last requests were holding), and its peak (VmHWM) over the run.
// The floor is the resident set of a bare Node process that only keeps itself alive: no runtime goes below it.
// Then one `mfo serve` on its embedded PGlite, idle after its second start on a store (the first start's figure,
// which also creates the store, is in the row's details). Goals (issue 17): after
// the instances < 200 MB on PostgreSQL; PGlite idle < 250 MB.
//
// Env: BENCH_MEMORY_INSTANCES (100000).
import { spawn } from "node:child_process";
import { createTestDatabase } from "@mfo/runtime/testing";
import pg from "pg";
import { publishTransformFlow } from "../lib/flows.mjs";
import { runInstances } from "../lib/load.mjs";
import { onCleanup, rssOf, say, startRuntime } from "../lib/runtime-process.mjs";

const INSTANCES = Number(process.env.BENCH_MEMORY_INSTANCES ?? 100_000);
const CLIENTS = 32;
const SETTLE_MS = 3_000;
const GOAL_MB = 200;
const PGLITE_IDLE_GOAL_MB = 250;
const MB = 1024 * 1024;

/** Ended instances, from the status index (this database holds only this run's). */
const FINISHED =
  "select count(*)::int as n from instances where tenant_id = 'default' and status in ('completed', 'failed')";

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** Resident set of a Node process that does nothing but stay alive, once it has settled. */
async function bareNodeRss() {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  onCleanup(stop);
  try {
    await settle();
    return (await rssOf(child.pid)).rss;
  } finally {
    await stop();
  }
}

/** One result row in MB against the bare Node floor. */
function memoryRow(scenario, clients, bytes, floorBytes, goalMb, details) {
  return {
    scenario,
    clients,
    figure: bytes / MB,
    unit: "MB",
    baseline: floorBytes / MB,
    baselineLabel: "bare node RSS",
    ratio: floorBytes / bytes,
    goal: goalMb === null ? null : `< ${goalMb} MB`,
    met: goalMb === null ? null : bytes / MB < goalMb,
    details,
  };
}

/**
 * Resident set of `mfo serve` on an embedded PGlite once it has settled after start: { first, again } for the
 * first start on a fresh store (which also creates the database) and a start on that store again (every later
 * start, the one the goal is about).
 */
async function pgliteIdleRss() {
  const idle = async (dataDir) => {
    const runtime = await startRuntime({ dataDir });
    try {
      await settle();
      return { rss: (await rssOf(runtime.pid)).rss, dataDir: runtime.dataDir };
    } finally {
      await runtime.stop();
    }
  };
  const first = await idle(undefined);
  const again = await idle(first.dataDir);
  return { first: first.rss, again: again.rss };
}

/** Runs the scenario on the PostgreSQL server at ctx.serverUrl; resolves to its result rows. */
export async function run({ serverUrl }) {
  say(`memory: ${INSTANCES} instances at ${CLIENTS} clients`);
  const floor = await bareNodeRss();
  const databaseUrl = await createTestDatabase(serverUrl);
  const runtime = await startRuntime({ databaseUrl });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await settle();
    const idle = await rssOf(runtime.pid);
    const flowId = "five-transforms";
    await publishTransformFlow(runtime.client, flowId);
    const load = await runInstances({
      client: runtime.client,
      flowId,
      count: INSTANCES,
      clients: CLIENTS,
      label: "memory",
      finished: async () => (await db.query(FINISHED)).rows[0].n,
    });
    await settle();
    const after = await rssOf(runtime.pid);
    await db.end();
    await runtime.stop();
    const pgliteIdle = await pgliteIdleRss();
    const { seconds, createSeconds, perSecond, p50Ms, p99Ms } = load;
    const measured = { instances: INSTANCES, seconds, createSeconds, perSecond, p50Ms, p99Ms };
    return [
      memoryRow("memory: RSS idle after start", null, idle.rss, floor, null, {}),
      memoryRow(`memory: RSS after ${INSTANCES} instances`, CLIENTS, after.rss, floor, GOAL_MB, measured),
      memoryRow("memory: peak RSS (VmHWM)", CLIENTS, after.peak, floor, null, measured),
      memoryRow("memory: RSS idle after start, PGlite", null, pgliteIdle.again, floor, PGLITE_IDLE_GOAL_MB, {
        firstStartMb: pgliteIdle.first / MB,
      }),
    ];
  } finally {
    await db.end().catch(() => {});
    await runtime.stop();
  }
}
