#!/usr/bin/env node
// MFO's benchmarks (`npm run bench` at the repo root; never part of `npm test`). Starts a throwaway PostgreSQL
// on loopback (the tests' helper), measures what PostgreSQL itself commits (`pgbench -N` at each client count)
// and what the embedded PGlite commits, then runs each scenario a fixed number of operations and prints one
// table: scenario, clients, MFO figure, baseline, ratio (the share of the physical limit reached: MFO/baseline
// for rates, baseline/MFO for times and sizes), goal. Writes the same as JSON to bench-results/<date>.json so
// runs can be compared. Progress goes to stderr while it runs.
//
// PostgreSQL runs with its default durability (fsync, synchronous_commit, full_page_writes on; the tests' server
// turns them off), said in the table's title; BENCH_PG_DURABILITY=off keeps the tests' settings.
//
// Env: BENCH_CLIENTS ("1,8,32"), BENCH_ONLY (comma list of: http, steps, instances, api, memory, scaling, growth,
// designer, restart, race, timetravel, hooks; default all; `http` alone is the Node-RED / pgbench / MFO create-and-wait
// comparison and the side-effect flow, scenarios/http-compare.mjs; `hooks` the webhook with respond result against
// Node-RED, scenarios/hook-compare.mjs), PGBENCH_SECONDS (10), BENCH_QUICK=1 (small sizes
// everywhere, for a smoke run), BENCH_PG_DURABILITY (on), BENCH_MFO_BIN (the build measured, lib/runtime-process.mjs),
// and each scenario's own sizes (see the header of each file in scenarios/).
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { comparisonTable, goalRows } from "./lib/comparison-table.mjs";
import { dropScratchDatabases, startBenchPostgres } from "./lib/databases.mjs";
import { cleanup, onCleanup, repoRoot, say } from "./lib/runtime-process.mjs";
import { measurePgBaseline } from "./pg-baseline.mjs";
import { measurePgliteBaseline } from "./pglite-baseline.mjs";

if (process.env.BENCH_QUICK === "1") {
  const quick = {
    BENCH_STEPS_INSTANCES: "100",
    BENCH_INSTANCES: "100",
    BENCH_API_INSTANCES: "2000",
    BENCH_API_REQUESTS: "2000",
    BENCH_MEMORY_INSTANCES: "500",
    BENCH_GROWTH_STEPS: "1000,5000",
    BENCH_GROWTH_INSTANCES: "100",
    BENCH_DESIGNER_RUNS: "1",
    BENCH_RESTART_INSTANCES: "2000",
    BENCH_RESTART_RUNS: "3",
    PGBENCH_SECONDS: "2",
  };
  for (const [name, value] of Object.entries(quick)) process.env[name] ??= value;
}

// Scenario modules read their sizes from the environment when they load: import them after BENCH_QUICK.
const { runSteps, PHASES } = await import("./scenarios/steps.mjs");
const { runTransforms } = await import("./scenarios/instances.mjs");
const httpCompare = await import("./scenarios/http-compare.mjs");
const hookCompare = await import("./scenarios/hook-compare.mjs");
const apiLatency = await import("./scenarios/api-latency.mjs");
const memory = await import("./scenarios/memory.mjs");
const storedGrowth = await import("./scenarios/stored-growth.mjs");
const designer = await import("./scenarios/designer.mjs");
const restart = await import("./scenarios/restart.mjs");
const operatorRace = await import("./scenarios/operator-race.mjs");
const timeTravel = await import("./scenarios/time-travel.mjs");
const designerScrub = await import("./scenarios/designer-scrub.mjs");

const CLIENTS = (process.env.BENCH_CLIENTS ?? "1,8,32").split(",").map(Number);
const ONLY = new Set(
  (
    process.env.BENCH_ONLY ?? "http,hooks,steps,instances,api,memory,scaling,growth,designer,restart,race,timetravel"
  ).split(","),
);
const PGBENCH_SECONDS = Number(process.env.PGBENCH_SECONDS ?? 10);
const SCALING_CLIENTS = Math.max(...CLIENTS);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

const pct = (ratio) => (ratio === null || ratio === undefined ? "" : `${(ratio * 100).toFixed(1)}%`);
const figure = (value, unit) => `${value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(2)} ${unit}`;

/** A rate row: MFO's figure against a baseline rate (higher is better). */
function rateRow(scenario, clients, value, unit, baseline, baselineLabel, goal, details) {
  const ratio = value / baseline;
  return { scenario, clients, figure: value, unit, baseline, baselineLabel, ratio, ...goal(ratio), details };
}

let serverUrl;

/** Runs one measurement on a clean server: the databases of earlier runs are dropped first. */
async function measured(work) {
  await dropScratchDatabases(serverUrl);
  return work();
}

async function section(name, work) {
  if (!ONLY.has(name)) return [];
  say(`\n[${elapsed()}] ${name}`);
  return work();
}

async function main() {
  say(
    `MFO benchmarks on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; clients ${CLIENTS.join(", ")}`,
  );
  const { server, durability } = await startBenchPostgres();
  onCleanup(() => server.stop());
  serverUrl = server.url;
  say(`PostgreSQL: ${durability}`);
  // The whole-run baselines feed the steps and instances rows only; the http section runs pgbench in its cells.
  let pgbench = [];
  if (ONLY.has("steps") || ONLY.has("instances") || ONLY.has("scaling")) {
    say(`[${elapsed()}] baseline: pgbench -N, ${PGBENCH_SECONDS} s per client count`);
    pgbench = await measurePgBaseline(server.url, {
      clients: [...new Set([...CLIENTS, 50])].sort((a, b) => a - b),
      seconds: PGBENCH_SECONDS,
      onProgress: (line) => say(`  ${line}`),
    });
  }
  const tps = (clients) => pgbench.find((b) => b.clients === clients)?.tps;
  let pgliteTps = null;
  if (ONLY.has("instances")) {
    say(`[${elapsed()}] baseline: the pgbench -N transaction on PGlite, ${PGBENCH_SECONDS} s`);
    pgliteTps = await measurePgliteBaseline({ seconds: PGBENCH_SECONDS });
    say(`  PGlite: ${pgliteTps.toFixed(0)} TPS`);
  }

  const rows = [];
  let comparison;
  rows.push(
    ...(await section("http", async () => {
      const result = await measured(() => httpCompare.run({ serverUrl: server.url, clients: CLIENTS }));
      comparison = result;
      return goalRows(result);
    })),
  );
  rows.push(
    ...(await section("hooks", () => measured(() => hookCompare.run({ serverUrl: server.url, clients: CLIENTS })))),
  );
  const stepsByClients = new Map();
  rows.push(
    ...(await section("steps", async () => {
      const out = [];
      for (const clients of CLIENTS) {
        const result = await measured(() => runSteps(server.url, { clients }));
        stepsByClients.set(clients, result);
        out.push(
          rateRow(
            `steps/s (20 noop phases, ${result.processes} process${result.processes > 1 ? "es" : ""})`,
            clients,
            result.stepsPerSecond,
            "steps/s",
            tps(clients),
            "pgbench -N TPS",
            (r) => ({ goal: ">= 100% of pgbench", met: r >= 1 }),
            result,
          ),
        );
        // Storage per phase attempt of the node data (issue 18), beside what the history costs per instance.
        const { storage } = result;
        out.push({
          scenario: "node data bytes per phase attempt (node_attempts)",
          clients,
          figure: storage.nodeAttemptBytesPerAttempt ?? 0,
          unit: "B",
          note: `per instance: events ${Math.round(storage.eventBytesPerInstance)} B, instances ${Math.round(
            storage.instanceBytesPerInstance,
          )} B, node_attempts ${Math.round(storage.nodeAttemptBytesPerInstance)} B`,
          details: storage,
        });
      }
      return out;
    })),
  );
  rows.push(
    ...(await section("instances", async () => {
      const out = [];
      for (const [label, url, baseline, baselineLabel] of [
        ["PostgreSQL", server.url, tps, "pgbench -N TPS"],
        ["PGlite", null, () => pgliteTps, "PGlite TPS"],
      ]) {
        for (const clients of CLIENTS) {
          const result = await measured(() => runTransforms(url, { clients }));
          out.push({
            ...rateRow(
              `instances/s (5 transforms), ${label}`,
              clients,
              result.perSecond,
              "inst/s",
              baseline(clients),
              baselineLabel,
              () => ({ goal: null, met: null }),
              result,
            ),
            latency: `p50 ${Math.round(result.p50Ms)} ms, p99 ${Math.round(result.p99Ms)} ms`,
          });
        }
      }
      return out;
    })),
  );
  rows.push(...(await section("api", () => measured(() => apiLatency.run({ serverUrl: server.url })))));
  rows.push(...(await section("memory", () => measured(() => memory.run({ serverUrl: server.url })))));
  rows.push(
    ...(await section("scaling", async () => {
      const byProcesses = [];
      for (const processes of [1, 2, 4]) {
        const reused = stepsByClients.get(SCALING_CLIENTS);
        byProcesses.push(
          reused?.processes === processes
            ? reused
            : await measured(() => runSteps(server.url, { clients: SCALING_CLIENTS, processes })),
        );
      }
      const one = byProcesses[0].stepsPerSecond;
      return byProcesses.map((result) => ({
        scenario: `scaling: steps/s on ${result.processes} process${result.processes > 1 ? "es" : ""}`,
        clients: SCALING_CLIENTS,
        figure: result.stepsPerSecond,
        unit: "steps/s",
        baseline: one,
        baselineLabel: "1 process",
        ratio: result.stepsPerSecond / one,
        goal: null,
        met: null,
        details: result,
      }));
    })),
  );
  rows.push(...(await section("growth", () => measured(() => storedGrowth.run({ serverUrl: server.url })))));
  rows.push(...(await section("designer", async () => [...(await designer.run()), ...(await designerScrub.run())])));
  rows.push(...(await section("restart", () => measured(() => restart.run({ serverUrl: server.url })))));
  rows.push(...(await section("race", () => operatorRace.run())));
  rows.push(...(await section("timetravel", () => timeTravel.run())));

  say(`\n[${elapsed()}] done`);
  const title = `${new Date().toISOString().slice(0, 16)}, PostgreSQL ${durability}`;
  if (comparison) {
    console.log(`\nAn HTTP-started flow answered with its result, ${title}; medians of ${comparison.settings.repeats}`);
    console.table(comparisonTable(comparison, durability));
  }
  console.log(`\nMFO benchmarks, ${title}; ratio = share of the baseline reached`);
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      clients: r.clients ?? "",
      MFO: figure(r.figure, r.unit),
      baseline:
        r.baseline === null || r.baseline === undefined ? "" : `${figure(r.baseline, "").trim()} (${r.baselineLabel})`,
      ratio: pct(r.ratio),
      goal: r.goal ?? "",
      met: r.met === null || r.met === undefined ? "" : r.met ? "yes" : "NO",
      ...(r.latency ? { latency: r.latency } : {}),
      ...(r.note ? { note: r.note } : {}),
    })),
  );
  await mkdir(join(repoRoot, "bench-results"), { recursive: true });
  const at = new Date().toISOString();
  const file = join(repoRoot, "bench-results", `${at.slice(0, 19).replaceAll(":", "-")}.json`);
  const machine = { cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version };
  const settings = { clients: CLIENTS, phases: PHASES, pgbenchSeconds: PGBENCH_SECONDS, only: [...ONLY] };
  const baselines = { pgbench, pgliteTps, durability };
  const plain = (map) => Object.fromEntries(map);
  const http = comparison && {
    ...comparison,
    nodeRed: plain(comparison.nodeRed),
    pgbench: plain(comparison.pgbench),
    mfo: plain(comparison.mfo),
  };
  await writeFile(
    file,
    JSON.stringify(
      { at, machine, settings, baselines, http, rows, seconds: (performance.now() - started) / 1000 },
      null,
      2,
    ),
  );
  say(`wrote ${file}`);
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  say(`\nbenchmark failed: ${error?.stack ?? error}`);
} finally {
  await cleanup();
}
