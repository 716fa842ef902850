// Steps/s: instances of a 20-phase `noop` flow (auto phases) on N `mfo serve` processes sharing one fresh
// PostgreSQL database; a step is one completed phase, counted from the events table (`node.completed` of a phase
// node; start/end nodes and the instance's own events are not counted). Steps/s = those events / wall time from
// the first create request to the moment every instance is finished.
//
// The API is driven by `clients` concurrent create requests spread over the processes. Processes: one by default
// (BENCH_STEPS_PROCESSES): on a 2-core machine that also runs PostgreSQL and the load generator, more runtime
// processes only add contention, which the harness's scaling rows (1, 2, 4 processes) show; on a bigger machine,
// set it to the cores the runtime may use.
//
// Each run also says what it stored (`storage`): events bytes per instance and node_attempts bytes per attempt.
//
// Env: BENCH_STEPS_INSTANCES (2000 per run), BENCH_STEPS_PROCESSES (1), BENCH_STEPS_TIMEOUT_S (600).
import { createTestDatabase } from "@mfo/runtime/testing";
import pg from "pg";
import { trackCpu } from "../lib/cpu.mjs";
import { lineFlow } from "../lib/flows.mjs";
import { progressLine, startRuntime } from "../lib/runtime-process.mjs";

const INSTANCES = Number(process.env.BENCH_STEPS_INSTANCES ?? 2000);
const TIMEOUT_MS = Number(process.env.BENCH_STEPS_TIMEOUT_S ?? 600) * 1000;
export const PHASES = 20;
const PROCESSES = Number(process.env.BENCH_STEPS_PROCESSES ?? 1);

const flow = lineFlow("bench-twenty-noops", "Twenty noops", PHASES, () => ({ handler: "noop", params: {} }));

/**
 * Finished instances, from the status index: cheap enough to poll, unlike counting the events table, which the
 * database would scan on every poll, on the cores the scenario measures.
 */
async function finished(db) {
  const { rows } = await db.query(
    "select count(*)::int as n from instances where tenant_id = 'default' and status in ('completed', 'failed', 'cancelled')",
  );
  return rows[0].n;
}

/** Completed instances and committed steps (completed phases), counted once at the end. */
async function totals(db) {
  const { rows } = await db.query(
    `select
       (select count(*) from instances where status = 'completed')::int as completed,
       (select count(*) from events where type = 'node.completed' and node_id like 'p%')::int as steps`,
  );
  return rows[0];
}

/**
 * What a run stores (issue 18's node data against the history it already kept): bytes of the events table per
 * instance, of the instances table per instance, and of node_attempts per attempt and per instance (table, TOAST and indexes). A runtime that writes
 * no node data has an empty node_attempts table: its per-attempt figure is then null.
 */
async function storage(db, instances) {
  // Sizes on disk as the run left them (no vacuum in between): the pages the rows took, indexes included.
  const { rows } = await db.query(
    `select pg_total_relation_size('events')::float8 as events,
       pg_total_relation_size('instances')::float8 as instances,
       (select count(*) from node_attempts)::int as attempts,
       coalesce(pg_total_relation_size(to_regclass('node_attempts')), 0)::float8 as node_attempts`,
  );
  const { events, instances: rowsBytes, attempts, node_attempts: nodeAttempts } = rows[0];
  return {
    eventBytesPerInstance: events / instances,
    // The instance row itself (its snapshot carries the per-node entry counts node data needs).
    instanceBytesPerInstance: rowsBytes / instances,
    nodeAttempts: attempts,
    nodeAttemptBytesPerAttempt: attempts > 0 ? nodeAttempts / attempts : null,
    nodeAttemptBytesPerInstance: nodeAttempts / instances,
  };
}

/**
 * Write transactions so far on the server: each one takes a transaction id (read-only ones, like our polling,
 * do not), and nothing else writes to this throwaway server during a run. Calling it takes one id itself.
 */
async function writeTransactions(db) {
  const { rows } = await db.query("select txid_current()::float8 as n");
  return rows[0].n;
}

/** One run: a fresh database, `processes` fresh runtimes, INSTANCES instances created by `clients` clients. */
export async function runSteps(serverUrl, { clients, processes = PROCESSES }) {
  const databaseUrl = await createTestDatabase(serverUrl);
  // The first process migrates the new database; the others start once it has.
  const runtimes = [await startRuntime({ databaseUrl })];
  runtimes.push(...(await Promise.all(Array.from({ length: processes - 1 }, () => startRuntime({ databaseUrl })))));
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await runtimes[0].client.publish(flow);
    const writesBefore = await writeTransactions(db);
    const cpu = trackCpu();
    const started = performance.now();
    let next = 0;
    const creators = Array.from({ length: clients }, async (_, c) => {
      while (next < INSTANCES) {
        const i = next++;
        await runtimes[(c + i) % runtimes.length].client.createFlow({ flowType: flow.id, input: { i } });
      }
    });
    const creating = Promise.all(creators);
    let done = 0;
    let lastPrint = 0;
    while (done < INSTANCES) {
      if (performance.now() - started > TIMEOUT_MS)
        throw new Error(`timed out: ${done}/${INSTANCES} finished, ${runtimes[0].output()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
      done = await finished(db);
      if (performance.now() - lastPrint > 1000) {
        lastPrint = performance.now();
        const seconds = (lastPrint - started) / 1000;
        const steps = done * PHASES;
        progressLine(
          `${clients} clients / ${processes} proc: ${done}/${INSTANCES} instances, ` +
            `~${(steps / seconds).toFixed(0)} steps/s`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = await cpu.stop();
    await creating;
    process.stderr.write("\n");
    const state = await totals(db);
    if (state.completed !== INSTANCES) throw new Error(`${INSTANCES - state.completed} instances did not complete`);
    const writes = (await writeTransactions(db)) - writesBefore - 1;
    return {
      clients,
      processes,
      instances: INSTANCES,
      steps: state.steps,
      seconds,
      stepsPerSecond: state.steps / seconds,
      // Write transactions in the run (API, engine, lease renewals), per step.
      commitsPerStep: writes / state.steps,
      // What a step costs the database and the runtime processes, in CPU time (the bench drives the API).
      postgresCpuMsPerStep: (cpuSeconds.postgres * 1000) / state.steps,
      runtimeCpuMsPerStep: (cpuSeconds.runtime * 1000) / state.steps,
      storage: await storage(db, INSTANCES),
    };
  } finally {
    await db.end().catch(() => {});
    await Promise.all(runtimes.map((r) => r.stop()));
  }
}
