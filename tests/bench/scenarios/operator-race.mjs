// Operator race (issue 15): BENCH_RACE_CLIENTS clients (50) send pause, resume, execute and cancel to ONE
// instance of a flow of manual phases, BENCH_RACE_ROUNDS requests each, over real HTTP to one `mfo serve`, while
// BENCH_RACE_LOAD clients keep creating instances of a 20-phase noop flow (other instances' steps commit all the
// time, as in production). Every answer must be 2xx or 409, and the audit log must hold one row per request.
// Rows: the race's p99 (p50 and max in details) against a baseline measured in the same run and under the same
// load: one client alternating pause/resume on an instance nobody else touches. Goal: p99 < 1 s.
//
// PostgreSQL runs with its durability on (fsync, synchronous_commit, full_page_writes) on its own server: the
// bench's shared server turns them off, and a commit that does not wait for its WAL flush holds a row lock for
// far less time than a real one, which hides the queue this scenario is about. Details also count what the
// runtime's connections were waiting for during the race (pg_stat_activity sampled every 20 ms).
//
// A second PostgreSQL row races while another connection holds the instance's row BENCH_RACE_HOLD_MS (2000) at a
// time, as a commit stuck in a slow WAL flush or another process's long transaction would. The same race then
// runs on the embedded PGlite (`npm start`'s default), whose one connection serializes every statement.
//
// Env: BENCH_RACE_CLIENTS (50), BENCH_RACE_ROUNDS (4), BENCH_RACE_LOAD (4), BENCH_RACE_BASELINE (200 requests),
// BENCH_RACE_DRIVERS ("postgres,held,pglite": which rows), BENCH_RACE_HOLD_MS (2000), BENCH_RACE_SLOWEST (n: print
// the n slowest answers).
import { createTestDatabase, startPostgres } from "@mfo/runtime/testing";
import pg from "pg";
import { lineFlow } from "../lib/flows.mjs";
import { ADMIN_KEY, onCleanup, progressLine, quantile, say, startRuntime } from "../lib/runtime-process.mjs";

const CLIENTS = Number(process.env.BENCH_RACE_CLIENTS ?? 50);
const ROUNDS = Number(process.env.BENCH_RACE_ROUNDS ?? 4);
const LOAD_CLIENTS = Number(process.env.BENCH_RACE_LOAD ?? 4);
const BASELINE_REQUESTS = Number(process.env.BENCH_RACE_BASELINE ?? 200);
const DRIVERS = (process.env.BENCH_RACE_DRIVERS ?? "postgres,held,pglite").split(",");
const HOLD_MS = Number(process.env.BENCH_RACE_HOLD_MS ?? 2_000);
const GOAL_MS = 1_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const raced = lineFlow("bench-raced", "Raced", 40, () => ({ handler: "noop", trigger: "manual", params: {} }));
const load = lineFlow("bench-race-load", "Background steps", 20, () => ({ handler: "noop", params: {} }));

/** POSTs to the runtime at `base` with the admin key: { status, ms, code } (code: the problem's code). */
async function post(base, path, body) {
  const started = performance.now();
  const response = await fetch(`${base}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const parsed = text ? JSON.parse(text) : null;
  return { status: response.status, ms, code: parsed?.type?.split("/").pop(), id: parsed?.id };
}

/** Resolves once instance `id` waits at a manual phase. */
async function waitingAt(client, id) {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const events = await client.events(id);
    if (events.items.some((e) => e.type === "node.waiting")) return;
    if (performance.now() > deadline) throw new Error(`instance ${id} never reached its manual phase`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fresh waiting instance of the raced flow: its id. */
async function waitingInstance(runtime) {
  const created = await post(runtime.base, "/flows", { flowType: raced.id, input: {} });
  if (created.status !== 201) throw new Error(`create answered ${created.status}`);
  await waitingAt(runtime.client, created.id);
  return created.id;
}

/** Client `i`'s action in round `r`: all four, cancels only in the last round so most of the race is live. */
function actionOf(i, r) {
  if (r === ROUNDS - 1 && i % 10 === 0) return "cancel";
  return ["pause", "resume", "execute"][(i + r) % 3];
}

/** Keeps `clients` loops creating instances of the load flow until `stop()`; resolves to how many it created. */
function backgroundLoad(runtime, clients) {
  let running = true;
  let created = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const answer = await post(runtime.base, "/flows", { flowType: load.id, input: {} });
      if (answer.status !== 201) throw new Error(`background create answered ${answer.status}`);
      created++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return created;
    },
  };
}

/** Samples what the runtime's connections wait for (state and wait event) until `stop()`: a count per kind. */
function sampleWaits(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  const counts = {};
  let running = true;
  const sampling = (async () => {
    await db.connect();
    while (running) {
      const { rows } = await db.query(
        `select state, coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait from pg_stat_activity
         where application_name = 'mfo' and datname = current_database() and pid <> pg_backend_pid()`,
      );
      for (const row of rows) {
        const kind = row.state === "active" ? row.wait : row.state;
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await db.end();
  })();
  return {
    stop: async () => {
      running = false;
      await sampling;
      return counts;
    },
  };
}

/**
 * Another writer holding the instance's row HOLD_MS at a time, with pauses of a quarter of that, until `stop()`:
 * what a commit stuck in a slow WAL flush, or another process's long transaction, does to the racers.
 */
function holdRow(databaseUrl, id) {
  const db = new pg.Client({ connectionString: databaseUrl });
  let running = true;
  const holding = (async () => {
    await db.connect();
    while (running) {
      await db.query("begin");
      await db.query("select id from instances where id = $1 for update", [id]);
      await sleep(HOLD_MS);
      await db.query("commit");
      await sleep(HOLD_MS / 4);
    }
    await db.end();
  })();
  return {
    stop: async () => {
      running = false;
      await holding;
    },
  };
}

/** One client alternating pause and resume on its own instance: the uncontended figure. */
async function measureBaseline(runtime) {
  const id = await waitingInstance(runtime);
  const times = [];
  for (let i = 0; i < BASELINE_REQUESTS; i++) {
    const answer = await post(runtime.base, `/flows/${id}/${i % 2 === 0 ? "pause" : "resume"}`);
    if (answer.status !== 200) throw new Error(`uncontended ${i % 2 ? "resume" : "pause"} answered ${answer.status}`);
    times.push(answer.ms);
  }
  return times.sort((a, b) => a - b);
}

/** The race: every answer with its action, status, code and time. Throws on an answer other than 2xx or 409. */
async function race(runtime, id) {
  // Each client's connection is open before the race: 50 new connections at once to a process whose event loop
  // is busy (PGlite runs in it) waited up to 7 s for their first request to be read, before any operator code.
  await Promise.all(Array.from({ length: CLIENTS }, () => fetch(`${runtime.base}/healthz`).then((r) => r.text())));
  const answers = [];
  const began = performance.now();
  const client = async (i) => {
    for (let r = 0; r < ROUNDS; r++) {
      const action = actionOf(i, r);
      const at = performance.now() - began;
      const answer = await post(runtime.base, `/flows/${id}/${action}`, action === "execute" ? {} : undefined);
      answers.push({ action, at, ...answer });
      progressLine(`race: ${answers.length}/${CLIENTS * ROUNDS} answers`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  process.stderr.write("\n");
  const bad = answers.filter((a) => !(a.status >= 200 && a.status < 300) && a.status !== 409);
  if (bad.length > 0) throw new Error(`race: ${bad.length} answers neither 2xx nor 409: ${JSON.stringify(bad[0])}`);
  return answers;
}

/** Audit rows of the raced instance's operator actions, through the API. */
async function auditedActions(runtime, id) {
  const rows = [];
  let cursor = null;
  do {
    const page = await runtime.client.audit({ target: id, limit: 500, ...(cursor ? { cursor } : {}) });
    rows.push(...page.items.filter((row) => /^flow\.(pause|resume|execute|cancel)$/.test(row.action)));
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** The race on one runtime (PostgreSQL at `databaseUrl`, or PGlite when undefined): its result row. */
async function raceOn(label, databaseUrl, { held = false } = {}) {
  say(`  ${label}`);
  const runtime = await startRuntime({ databaseUrl });
  try {
    await runtime.client.publish(raced);
    await runtime.client.publish(load);
    const loading = backgroundLoad(runtime, LOAD_CLIENTS);
    let baseline;
    let answers;
    let waits;
    let id;
    let backgroundInstances;
    try {
      baseline = await measureBaseline(runtime);
      id = await waitingInstance(runtime);
      const sampler = databaseUrl ? sampleWaits(databaseUrl) : undefined;
      const holder = held ? holdRow(databaseUrl, id) : undefined;
      try {
        answers = await race(runtime, id);
      } finally {
        await holder?.stop();
        waits = await sampler?.stop();
      }
    } finally {
      backgroundInstances = await loading.stop();
    }
    const audited = await auditedActions(runtime, id);
    if (audited.length !== answers.length)
      throw new Error(`race: ${answers.length} requests but ${audited.length} audit rows`);
    const times = answers.map((a) => a.ms).sort((a, b) => a - b);
    const codes = {};
    for (const a of answers) {
      const key = `${a.action} ${a.status}${a.code ? ` ${a.code}` : ""}`;
      codes[key] = (codes[key] ?? 0) + 1;
    }
    const p99 = quantile(times, 0.99);
    const baselineP99 = quantile(baseline, 0.99);
    const summary = `p50 ${Math.round(quantile(times, 0.5))} ms, p99 ${Math.round(p99)} ms, max ${Math.round(times.at(-1))} ms`;
    say(
      `  race: ${summary}; baseline p50 ${Math.round(quantile(baseline, 0.5))} ms, p99 ${Math.round(baselineP99)} ms`,
    );
    say(`  answers: ${JSON.stringify(codes)}`);
    if (process.env.BENCH_RACE_SLOWEST)
      say(
        `  slowest: ${JSON.stringify([...answers].sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.BENCH_RACE_SLOWEST)))}`,
      );
    if (waits) say(`  runtime connections during the race (samples): ${JSON.stringify(waits)}`);
    return {
      scenario: `operator race: ${CLIENTS} clients, ${label}`,
      clients: CLIENTS,
      figure: p99,
      unit: "ms p99",
      baseline: baselineP99,
      baselineLabel: "1 client pause/resume p99",
      ratio: baselineP99 / p99,
      goal: `p99 < ${GOAL_MS} ms`,
      met: p99 < GOAL_MS,
      latency: summary,
      details: {
        requests: answers.length,
        p50Ms: quantile(times, 0.5),
        maxMs: times.at(-1),
        baselineP50Ms: quantile(baseline, 0.5),
        baselineMaxMs: baseline.at(-1),
        answers: codes,
        auditRows: audited.length,
        backgroundClients: LOAD_CLIENTS,
        backgroundInstances,
        ...(waits ? { connectionWaits: waits } : {}),
      },
    };
  } finally {
    await runtime.stop();
  }
}

/** Runs the race on a durable PostgreSQL server of its own, then on PGlite; resolves to the result rows. */
export async function run() {
  say(`operator race: ${CLIENTS} clients x ${ROUNDS} actions on one instance, ${LOAD_CLIENTS} background creators`);
  const rows = [];
  if (DRIVERS.includes("postgres") || DRIVERS.includes("held")) {
    const server = await startPostgres({
      settings: { fsync: "on", synchronous_commit: "on", full_page_writes: "on" },
    });
    onCleanup(() => server.stop());
    if (DRIVERS.includes("postgres"))
      rows.push(await raceOn("PostgreSQL (durable)", await createTestDatabase(server.url)));
    if (DRIVERS.includes("held"))
      rows.push(
        await raceOn(`PostgreSQL (durable), row held ${HOLD_MS} ms at a time`, await createTestDatabase(server.url), {
          held: true,
        }),
      );
    await server.stop();
  }
  if (DRIVERS.includes("pglite")) rows.push(await raceOn("PGlite", undefined));
  return rows;
}
