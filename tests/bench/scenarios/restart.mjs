// Restart after kill -9 with a full store: one PostgreSQL database and one PGlite data directory, each holding
// BENCH_RESTART_INSTANCES instances of mixed statuses (mostly completed copies from lib/seed.mjs; 5% live through
// the API: half waiting on an approval, half running with a timer an hour away; and a few transforms created
// just before each kill, in flight when it lands). Each run kills `mfo serve` with SIGKILL, starts it again on the
// same store and times spawn -> first 200 from /readyz; the two stores take turns, run after run. Rows: the
// median per store against the floor (a bare `node -e` HTTP server's spawn -> first answer, measured between the
// same runs), with the median of each start phase the runtime logs in its "ready" line (server/start-up-phases.ts);
// and the first start on a fresh PGlite store (its database is created then).
//
// BENCH_MFO_BIN (lib/runtime-process.mjs) runs another build; one without the "ready" line reports no phases.
// BENCH_RESTART_COMPARE_BIN (another checkout's runtime/bin/mfo.js, of the same schema) adds rows for that build,
// its starts taking turns with this one's on the same stores: on a busy machine, only figures measured side by
// side compare.
//
// Env: BENCH_RESTART_INSTANCES (10000 stored), BENCH_RESTART_RUNS (5 restarts per store, and fresh starts),
// BENCH_RESTART_COMPARE_BIN (unset).
import { PGlite } from "@electric-sql/pglite";
import { createTestDatabase } from "@mfo/runtime/testing";
import { publishTransformFlow, transformInput } from "../lib/flows.mjs";
import { runInstances } from "../lib/load.mjs";
import { progressLine, quantile, say, scratchDataDir, startRuntime } from "../lib/runtime-process.mjs";
import { seedCompleted, seedCompletedOn } from "../lib/seed.mjs";
import { startBareServer } from "./api-latency.mjs";

const STORED = Number(process.env.BENCH_RESTART_INSTANCES ?? 10_000);
const RUNS = Number(process.env.BENCH_RESTART_RUNS ?? 5);
/** Instances created just before each kill, so a restart has work in flight to recover. */
const IN_FLIGHT = 20;
const TRANSFORMS = "restart-transforms";
const APPROVAL = "restart-approval";
const TIMER = "restart-timer";
const COMPARE_BIN = process.env.BENCH_RESTART_COMPARE_BIN;
const GOAL_MS = { PostgreSQL: 5_000, PGlite: 10_000 };
/** The builds measured: this one (BENCH_MFO_BIN's, or this checkout's), and the one to compare with. */
const BUILDS = [["", undefined], ...(COMPARE_BIN ? [[` [${COMPARE_BIN}]`, COMPARE_BIN]] : [])];

const median = (values) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** start -> approval -> end: its instances wait for an operator (status waiting). */
const approvalFlow = {
  id: APPROVAL,
  name: "Restart: approval",
  nodes: [
    { id: "start", type: "start" },
    { id: "review", type: "approval" },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "review" },
    { id: "e2", source: "review", target: "done", on: "approve" },
    { id: "e3", source: "review", target: "done", on: "reject" },
  ],
};

/** start -> wait an hour -> end: its instances are running with a timer pending. */
const timerFlow = {
  id: TIMER,
  name: "Restart: timer",
  nodes: [
    { id: "start", type: "start" },
    { id: "later", type: "wait", delayMs: 3_600_000 },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "later" },
    { id: "e2", source: "later", target: "done" },
  ],
};

/** The start phases of the runtime's "ready" log line in `output` ({} when the build logs none). */
function phasesOf(output) {
  for (const line of output.split("\n")) {
    if (!line.includes('"msg":"ready"')) continue;
    try {
      const entry = JSON.parse(line);
      return { ...entry.startUp, totalMs: entry.totalMs };
    } catch {}
  }
  return {};
}

/** Polls /readyz until it answers 200; resolves to the performance.now() of that answer. */
async function readyAt(base) {
  for (;;) {
    const answer = await fetch(`${base}/readyz`).catch(() => undefined);
    if (answer?.ok) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts `mfo serve` (of `bin`, default this build) on the store and times it: { runtime, ms, phases }. */
async function timedStart(store, bin) {
  const runtime = await startRuntime({ ...store, ...(bin ? { bin } : {}), env: { LOG_LEVEL: "info" } });
  const ms = (await readyAt(runtime.base)) - runtime.spawnedAt;
  return { runtime, ms, phases: phasesOf(runtime.output()) };
}

/** A bare `node -e` HTTP server: spawn -> first answer, in ms. */
async function floorMs() {
  const started = performance.now();
  const bare = await startBareServer("ok");
  try {
    await fetch(bare.base).then((answer) => answer.text());
    return performance.now() - started;
  } finally {
    bare.stop();
  }
}

/** Creates `count` instances of `flowId` with `input(i)`, 8 at a time. */
async function createMany(client, flowId, count, input) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) await client.createFlow({ flowType: flowId, input: input(next++) });
    }),
  );
}

/**
 * Fills a store with STORED instances (`store`: { databaseUrl } or { dataDir }): the flows, real instances for
 * the seed to copy, the live ones, then the seeded completed copies, written with the runtime stopped.
 */
async function fill(label, store) {
  const runtime = await startRuntime(store);
  let version;
  const live = Math.round(STORED * 0.05);
  try {
    version = await publishTransformFlow(runtime.client, TRANSFORMS);
    await runtime.client.publish(approvalFlow);
    await runtime.client.publish(timerFlow);
    await runInstances({ client: runtime.client, flowId: TRANSFORMS, count: 20, clients: 4, label: `${label}: real` });
    await createMany(runtime.client, APPROVAL, Math.floor(live / 2), () => ({}));
    await createMany(runtime.client, TIMER, Math.ceil(live / 2), () => ({}));
  } finally {
    await runtime.stop();
  }
  const seed = {
    flowTypeId: TRANSFORMS,
    version,
    count: STORED - 20 - live,
    onProgress: (done, count) => progressLine(`${label}: seeding ${done}/${count} instances`),
  };
  if (store.databaseUrl) await seedCompleted(store.databaseUrl, seed);
  else {
    const db = await PGlite.create(`${store.dataDir}/pglite`);
    try {
      await seedCompletedOn(db, seed);
    } finally {
      await db.close();
    }
  }
  process.stderr.write("\n");
}

/** Kills `runtime` with SIGKILL while instances it was just asked to create are in flight. */
async function killInFlight(runtime) {
  const creating = createMany(runtime.client, TRANSFORMS, IN_FLIGHT, transformInput).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 50));
  await runtime.kill();
  await creating;
}

/** The medians of the runs' phases, by phase name. */
function medianPhases(runs) {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.phases)))];
  return Object.fromEntries(names.map((name) => [name, Math.round(median(runs.map((run) => run.phases[name] ?? 0)))]));
}

const phaseText = (phases) =>
  Object.entries(phases)
    .filter(([name]) => name !== "totalMs")
    .map(([name, ms]) => `${name} ${ms}`)
    .join(", ");

function timeRow(scenario, runs, floors, goalMs, details) {
  const ms = median(runs.map((run) => run.ms));
  const floor = median(floors);
  const phases = medianPhases(runs);
  return {
    scenario,
    clients: 1,
    figure: ms,
    unit: "ms",
    baseline: floor,
    baselineLabel: "bare node -e HTTP start",
    ratio: floor / ms,
    goal: goalMs === undefined ? null : `< ${goalMs / 1000} s`,
    met: goalMs === undefined ? null : ms < goalMs,
    note: phaseText(phases) ? `phases (ms): ${phaseText(phases)}` : "",
    details: { ...details, runsMs: runs.map((run) => Math.round(run.ms)), phases, floorsMs: floors },
  };
}

/** Runs the scenario on the PostgreSQL server at ctx.serverUrl; resolves to its result rows. */
export async function run({ serverUrl }) {
  say(`restart: ${STORED} stored instances, ${RUNS} restarts per store, interleaved`);
  const stores = [
    ["PostgreSQL", { databaseUrl: await createTestDatabase(serverUrl) }],
    ["PGlite", { dataDir: await scratchDataDir() }],
  ];
  for (const [label, store] of stores) await fill(label, store);
  const runs = new Map();
  const floors = [];
  // One runtime at a time: each is killed right after its start is measured, so none competes with the next.
  for (const [, store] of stores) await killInFlight(await startRuntime(store));
  for (let i = 0; i < RUNS; i++) {
    floors.push(await floorMs());
    for (const [label, store] of stores) {
      for (const [build, bin] of BUILDS) {
        const result = await timedStart(store, bin);
        runs.set(label + build, [...(runs.get(label + build) ?? []), result]);
        await killInFlight(result.runtime);
        progressLine(`restart ${i + 1}/${RUNS}, ${label}${build}: /readyz after ${Math.round(result.ms)} ms`);
      }
    }
  }
  process.stderr.write("\n");
  const fresh = new Map();
  for (let i = 0; i < RUNS; i++) {
    for (const [build, bin] of BUILDS) {
      const result = await timedStart({ dataDir: await scratchDataDir() }, bin);
      await result.runtime.kill();
      fresh.set(build, [...(fresh.get(build) ?? []), result]);
      progressLine(`first start ${i + 1}/${RUNS}, fresh PGlite${build}: /readyz after ${Math.round(result.ms)} ms`);
    }
  }
  process.stderr.write("\n");
  const stored = { storedInstances: STORED, inFlightAtKill: IN_FLIGHT };
  return BUILDS.flatMap(([build]) => [
    ...stores.map(([label]) =>
      timeRow(
        `restart after kill -9 (${STORED} stored), ${label}${build}`,
        runs.get(label + build),
        floors,
        GOAL_MS[label],
        stored,
      ),
    ),
    timeRow(`first start, fresh PGlite store${build}`, fresh.get(build), floors, undefined, {}),
  ]);
}
