// API latency with a large store: one `mfo serve` on a fresh PostgreSQL database holding BENCH_API_INSTANCES
// finished instances (a few run for real, the rest seeded), hit by autocannon with BENCH_API_CONNECTIONS
// connections and BENCH_API_REQUESTS requests per endpoint: `GET /flows/{id}/status` of a random stored instance
// per request, and `GET /flows?limit=50`. Rows: p99 per endpoint (p50 in details) against the floor, a bare
// `node:http` server in a child process answering a status-sized JSON body under the same load. Goals: the
// status route's p99 at most 2x the floor's (issue 17), the list's under 50 ms.
//
// autocannon runs in this process: the load generator shares the machine's 2 cores with the runtime and
// PostgreSQL, and does so for the floor as well. With a fixed number of connections each waiting for its answer,
// latency is mostly queueing (connections / throughput), so the floor is what Node alone costs at that load.
//
// Env: BENCH_API_INSTANCES (100000 stored), BENCH_API_CONNECTIONS (50), BENCH_API_REQUESTS (20000 per endpoint).
import { spawn } from "node:child_process";
import { routeUrl } from "@mfo/client";
import { createTestDatabase } from "@mfo/runtime/testing";
import autocannon from "autocannon";
import pg from "pg";
import { publishTransformFlow } from "../lib/flows.mjs";
import { runInstances } from "../lib/load.mjs";
import { ADMIN_KEY, onCleanup, progressLine, quantile, say, startRuntime } from "../lib/runtime-process.mjs";
import { seedCompleted } from "../lib/seed.mjs";

const STORED = Number(process.env.BENCH_API_INSTANCES ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 50);
const REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 20_000);
const WARM_UP = 1_000;
const FLOW_ID = "five-transforms";

/**
 * Sends `amount` GETs over `connections` connections to `base` + `path()` (called per request) with the admin
 * key, and resolves to { requests, perSecond, p50Ms, p99Ms }. Latencies are taken from every response at
 * sub-millisecond precision (autocannon's own histogram keeps whole milliseconds, too coarse for the floor).
 * Throws unless every answer was 2xx.
 */
export async function measureLatency({ base, path, connections, amount, label }) {
  const latencies = [];
  const instance = autocannon({
    url: base,
    connections,
    amount,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    requests: [
      {
        setupRequest: (request) => {
          request.path = path();
          return request;
        },
      },
    ],
  });
  let lastAnswer = Number.NaN;
  instance.on("response", (_client, _status, _bytes, ms) => {
    latencies.push(ms);
    lastAnswer = performance.now();
  });
  const ticker = setInterval(() => progressLine(`${label}: ${latencies.length}/${amount} requests`), 1000);
  const started = performance.now();
  let result;
  try {
    result = await instance; // a thenable, not a Promise: no .finally
  } finally {
    clearInterval(ticker);
  }
  progressLine(`${label}: ${latencies.length}/${amount} requests\n`);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    // Up to the last answer: autocannon notices it is done only at its next once-a-second tick.
    perSecond: latencies.length / ((lastAnswer - started) / 1000),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/** measureLatency after a warm-up of WARM_UP requests (JIT, connection pools, caches). */
export async function warmThenMeasure(options) {
  await measureLatency({ ...options, amount: WARM_UP, label: `${options.label} (warm-up)` });
  return measureLatency(options);
}

/** The path of `GET /flows/{id}/status` for a random one of `ids`. */
export const randomStatusPath = (ids) =>
  routeUrl("get /flows/:id/status", { params: { id: ids[Math.floor(Math.random() * ids.length)] } });

/** `n` ids of stored instances, in random order. */
export async function sampleInstanceIds(databaseUrl, n) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query("select id from instances order by random() limit $1", [n]);
    return rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

/** A bare node:http server in a child process answering `body` to every request: { base, stop() }. */
export async function startBareServer(body) {
  const source = `
    const body = ${JSON.stringify(body)};
    require("node:http")
      .createServer((request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(body);
      })
      .listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  onCleanup(async () => stop());
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim())));
    child.once("exit", (code) => reject(new Error(`bare server exited ${code} before listening`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop };
}

/** The floor: the bare server answering a copy of a real status body, under the same load. */
async function measureFloor(statusBody) {
  const bare = await startBareServer(JSON.stringify(statusBody));
  try {
    return await warmThenMeasure({
      base: bare.base,
      path: () => "/",
      connections: CONNECTIONS,
      amount: REQUESTS,
      label: "bare node:http",
    });
  } finally {
    bare.stop();
  }
}

/** A runtime on a fresh database with STORED finished instances of the transform flow: { runtime, databaseUrl }. */
async function storedRuntime(serverUrl) {
  const databaseUrl = await createTestDatabase(serverUrl);
  const runtime = await startRuntime({ databaseUrl });
  try {
    const version = await publishTransformFlow(runtime.client, FLOW_ID);
    // Real instances first: the seed copies one of them, and the store is not seeded rows only.
    const real = Math.min(STORED, 20);
    await runInstances({
      client: runtime.client,
      flowId: FLOW_ID,
      count: real,
      clients: 4,
      label: "real instances",
    });
    const seeding = await seedCompleted(databaseUrl, {
      flowTypeId: FLOW_ID,
      version,
      count: STORED - real,
      onProgress: (done, count) => progressLine(`seeding: ${done}/${count} instances`),
    });
    process.stderr.write("\n");
    return { runtime, databaseUrl, seedSeconds: seeding.seconds };
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}

/** Goal of the status route (issue 17): its p99 at most this many times the bare server's under the same load. */
const STATUS_P99_TIMES_FLOOR = 2;

/**
 * One result row for an endpoint measured against the floor; `goal` is { text, met(measured, floor) }.
 */
function latencyRow(scenario, measured, floor, goal, details) {
  return {
    scenario,
    clients: CONNECTIONS,
    figure: measured.p99Ms,
    unit: "ms p99",
    baseline: floor.p99Ms,
    baselineLabel: "bare node:http p99",
    ratio: floor.p99Ms / measured.p99Ms,
    goal: goal.text,
    met: goal.met(measured, floor),
    details: {
      ...details,
      p50Ms: measured.p50Ms,
      requests: measured.requests,
      requestsPerSecond: measured.perSecond,
      floorP50Ms: floor.p50Ms,
      floorRequestsPerSecond: floor.perSecond,
    },
  };
}

const statusGoal = {
  text: `p99 <= ${STATUS_P99_TIMES_FLOOR}x bare node:http`,
  met: (measured, floor) => measured.p99Ms <= STATUS_P99_TIMES_FLOOR * floor.p99Ms,
};
const listGoal = { text: "p99 < 50 ms", met: (measured) => measured.p99Ms < 50 };

/** Runs the scenario on the PostgreSQL server at ctx.serverUrl; resolves to its result rows. */
export async function run({ serverUrl }) {
  say(`api latency: ${STORED} stored instances, ${CONNECTIONS} connections, ${REQUESTS} requests per endpoint`);
  const { runtime, databaseUrl, seedSeconds } = await storedRuntime(serverUrl);
  try {
    const ids = await sampleInstanceIds(databaseUrl, Math.min(REQUESTS, STORED));
    const floor = await measureFloor(await runtime.client.status(ids[0]));
    const load = { base: runtime.base, connections: CONNECTIONS, amount: REQUESTS };
    const randomStatus = () => randomStatusPath(ids);
    const status = await warmThenMeasure({ ...load, path: randomStatus, label: "GET /flows/{id}/status" });
    const listPath = routeUrl("get /flows", { query: { limit: 50 } });
    const list = await warmThenMeasure({ ...load, path: () => listPath, label: "GET /flows" });
    const details = { storedInstances: STORED, seedSeconds };
    return [
      latencyRow("api latency: GET /flows/{id}/status", status, floor, statusGoal, details),
      latencyRow("api latency: GET /flows?limit=50", list, floor, listGoal, details),
    ];
  } finally {
    await runtime.stop();
  }
}
