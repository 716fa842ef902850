#!/usr/bin/env node
// Steps/s benchmark (`npm run bench:steps -w @mfo/tests`, or `node bench/steps-bench.mjs` in tests/; not part of
// `npm test`). Starts a throwaway PostgreSQL on loopback, measures the `pgbench -N` baseline at 1, 8 and 32
// clients, then for each client count runs a fixed number of instances of a 20-phase `noop` flow (auto phases,
// published through the API) on N `mfo serve` processes sharing a fresh database, and prints
// scenario | clients | MFO steps/s | pgbench TPS | ratio. Writes bench-results/<date>.json at the repo root.
//
// A "step" is one completed phase: one `node.completed` event of a phase node in the events table (start/end
// nodes and the instance's own events are not counted). Steps/s = those events / wall time from the first
// create request to the moment every instance is finished.
//
// Clients -> runtime processes: 1 -> 1, 8 -> 2, 32 -> 4 (CLIENT_PROCESSES below). Real processes rather than
// in-process concurrency because that is how MFO scales out (several processes leasing work from one
// database), and it is the scenario. Each process's engine claims up to 8 due instances per poll, so
// its in-flight work is not 1:1 with pgbench clients; the API is driven by `clients` concurrent requests.
//
// Env: STEPS_INSTANCES (500 per run), STEPS_CLIENTS ("1,8,32"), PGBENCH_SECONDS (10), STEPS_TIMEOUT_S (600).
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, startPostgres } from "@mfo/runtime/testing";
import pg from "pg";
import { measurePgBaseline } from "./pg-baseline.mjs";

const INSTANCES = Number(process.env.STEPS_INSTANCES ?? 500);
const CLIENTS = (process.env.STEPS_CLIENTS ?? "1,8,32").split(",").map(Number);
const PGBENCH_SECONDS = Number(process.env.PGBENCH_SECONDS ?? 10);
const TIMEOUT_MS = Number(process.env.STEPS_TIMEOUT_S ?? 600) * 1000;
const PHASES = 20;
const CLIENT_PROCESSES = { 1: 1, 8: 2, 32: 4 };
const ADMIN_KEY = "mfo_steps_bench_admin_key";
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
const root = new URL("../..", import.meta.url).pathname;
const say = (text) => process.stderr.write(`${text}\n`);

const flow = {
  id: "bench-twenty-noops",
  name: "Twenty noops",
  nodes: [
    { id: "start", type: "start" },
    ...Array.from({ length: PHASES }, (_, i) => ({ id: `p${i + 1}`, type: "phase", handler: "noop", params: {} })),
    { id: "done", type: "end" },
  ],
  edges: Array.from({ length: PHASES + 1 }, (_, i) => ({
    id: `e${i}`,
    source: i === 0 ? "start" : `p${i}`,
    target: i === PHASES ? "done" : `p${i + 1}`,
  })),
};

/** Every child and server this run started, so cleanup can reach them whatever happened. */
const children = new Set();
const cleanups = [];

/** Starts `mfo serve` on an OS-picked loopback port; resolves once it prints its URL. */
async function startRuntime(databaseUrl) {
  const dataDir = await mkdtemp(join(tmpdir(), "mfo-steps-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const configures = /^(MFO_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !configures.test(key)));
  const child = spawn(process.execPath, [join(root, "runtime/bin/mfo.js"), "serve"], {
    env: {
      ...env,
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: databaseUrl,
      MFO_DATA_DIR: dataDir,
      MFO_ADMIN_KEY: ADMIN_KEY,
      MFO_ENCRYPTION_KEY: ENCRYPTION_KEY,
      MFO_RATE_LIMIT: "0",
      MFO_POLL_MS: "10",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then(() => children.delete(child));
  let output = "";
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready within 30 s:\n${output}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      output = (output + chunk).slice(-16_384);
      const match = /MFO is ready\.\s+Open:\s+(http:\/\/[^/\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk) => {
      output = (output + chunk).slice(-16_384);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited ${code} before it was ready:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { base, stop, output: () => output };
}

async function api(base, path, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Counts from the database: finished instances and committed steps (completed phases). */
async function progress(db) {
  const { rows } = await db.query(
    `select
       (select count(*) from instances where status in ('completed', 'failed', 'cancelled'))::int as finished,
       (select count(*) from instances where status = 'completed')::int as completed,
       (select count(*) from events where type = 'node.completed' and node_id like 'p%')::int as steps`,
  );
  return rows[0];
}

/**
 * Write transactions so far on the server: each one takes a transaction id (read-only ones, like our polling,
 * do not), and nothing else runs on this throwaway server during a run. Calling it takes one id itself.
 */
async function writeTransactions(db) {
  const { rows } = await db.query("select txid_current()::float8 as n");
  return rows[0].n;
}

/** One run of the scenario at `clients`: fresh database, fresh processes, INSTANCES instances. */
async function runSteps(serverUrl, clients) {
  const processes = CLIENT_PROCESSES[clients] ?? Math.max(1, Math.ceil(clients / 8));
  const databaseUrl = await createTestDatabase(serverUrl);
  // The first process migrates the new database; the others start once it has.
  const runtimes = [await startRuntime(databaseUrl)];
  runtimes.push(...(await Promise.all(Array.from({ length: processes - 1 }, () => startRuntime(databaseUrl)))));
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await api(runtimes[0].base, "/flow-types", flow);
    const writesBefore = await writeTransactions(db);
    const started = performance.now();
    let next = 0;
    const creators = Array.from({ length: clients }, async (_, c) => {
      while (next < INSTANCES) {
        const i = next++;
        await api(runtimes[(c + i) % runtimes.length].base, "/flows", { flowType: flow.id, input: { i } });
      }
    });
    const creating = Promise.all(creators);
    let state = await progress(db);
    let lastPrint = 0;
    while (state.finished < INSTANCES) {
      if (performance.now() - started > TIMEOUT_MS)
        throw new Error(`timed out: ${state.finished}/${INSTANCES} finished, ${runtimes[0].output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await progress(db);
      if (performance.now() - lastPrint > 1000) {
        lastPrint = performance.now();
        const seconds = (lastPrint - started) / 1000;
        process.stderr.write(
          `\r  ${clients} clients / ${processes} proc: ${state.finished}/${INSTANCES} instances, ` +
            `${state.steps} steps, ${(state.steps / seconds).toFixed(0)} steps/s   `,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    await creating;
    process.stderr.write("\n");
    if (state.completed !== INSTANCES) throw new Error(`${INSTANCES - state.completed} instances did not complete`);
    const span = await db.query(
      `select extract(epoch from max(at) - min(at))::float8 as s from events where type = 'node.completed' and node_id like 'p%'`,
    );
    const writes = (await writeTransactions(db)) - writesBefore - 1;
    return {
      clients,
      processes,
      instances: INSTANCES,
      steps: state.steps,
      seconds,
      stepsPerSecond: state.steps / seconds,
      eventSpanSeconds: span.rows[0].s,
      // Write transactions in the run (API, engine, lease renewals), per step.
      commitsPerStep: writes / state.steps,
    };
  } finally {
    await db.end().catch(() => {});
    await Promise.all(runtimes.map((r) => r.stop()));
  }
}

async function cleanup() {
  await Promise.all([...children].map((child) => child.exitCode === null && child.kill("SIGKILL")));
  for (const done of cleanups.splice(0).reverse()) await done().catch(() => {});
}
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => cleanup().finally(() => process.exit(130)));

async function main() {
  say(`steps/s: ${INSTANCES} instances x ${PHASES} noop phases per run, clients ${CLIENTS.join(", ")}`);
  const server = await startPostgres();
  cleanups.push(() => server.stop());
  say("baseline:");
  const baseline = await measurePgBaseline(server.url, {
    clients: CLIENTS,
    seconds: PGBENCH_SECONDS,
    onProgress: (line) => say(`  ${line}`),
  });
  say("MFO:");
  const rows = [];
  for (const clients of CLIENTS) {
    const result = await runSteps(server.url, clients);
    const tps = baseline.find((b) => b.clients === clients).tps;
    rows.push({ scenario: "steps/s", ...result, pgbenchTps: tps, ratio: result.stepsPerSecond / tps });
  }
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      clients: r.clients,
      processes: r.processes,
      "MFO steps/s": Math.round(r.stepsPerSecond),
      "pgbench TPS": Math.round(r.pgbenchTps),
      ratio: `${(r.ratio * 100).toFixed(1)}%`,
      "commits/step": r.commitsPerStep.toFixed(2),
    })),
  );
  await mkdir(join(root, "bench-results"), { recursive: true });
  const at = new Date().toISOString();
  const file = join(root, "bench-results", `${at.slice(0, 19).replaceAll(":", "-")}.json`);
  const settings = { instances: INSTANCES, phases: PHASES, pgbenchSeconds: PGBENCH_SECONDS };
  await writeFile(file, JSON.stringify({ at, settings, baseline, scenarios: rows }, null, 2));
  say(`wrote ${file}`);
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  say(error?.stack ?? String(error));
} finally {
  await cleanup();
}
