/**
 * The scale-out acceptance test (issue 5, item 8; ARCHITECTURE.md: "any number of runtime processes can share one
 * PostgreSQL"): 4 real `mfo serve` processes on one PostgreSQL run many instances of a flow with parallel
 * branches, a timer, side effects and retries. Every instance completes; every phase is committed exactly once
 * (one completion event and one phase run each, seq numbers without gaps); no step runs on two processes at once
 * (each attempt is started and finished by the same process, none is re-run, the effect server sees each
 * idempotency key once and never two overlapping calls for one step); and every process did part of the work.
 *
 * Sized by MFO_SCALE_INSTANCES (default 400, what `npm test` runs); the full size is 2,000:
 * `MFO_SCALE_INSTANCES=2000 npx vitest run reliability/scale-out.test.ts` in tests/.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import type { FlowServiceError } from "@mfo/client";
import { createTestDatabase, type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition } from "@mfo/schemas";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EffectCall, type EffectServer, startEffectServer, stepOfKey } from "../support/effect-server.js";
import {
  eventsByInstance,
  recordEventWriters,
  type WrittenEvent,
  withApplicationName,
} from "../support/event-writers.js";
import { historyProblems, instancesOf, rerunCount } from "../support/flow-history.js";
import { type RuntimeProcess, startRuntime, stopAll, waitFor } from "../support/runtime-process.js";

const INSTANCES = Number(process.env.MFO_SCALE_INSTANCES || 400);
if (!Number.isSafeInteger(INSTANCES) || INSTANCES < 1)
  throw new Error(`MFO_SCALE_INSTANCES must be a positive whole number, not "${process.env.MFO_SCALE_INSTANCES}"`);
const PROCESSES = 4;
/** Creates in flight at once, spread round-robin over the processes. */
const CREATE_CONCURRENCY = 16;
/** How long the effect server holds each call, so two overlapping calls for one step would be visible. */
const EFFECT_DELAY_MS = 10;
const WAIT_MS = 100;
/**
 * Short leases (the default is 30 s): a lease that lapsed while its owner still worked would let a second process
 * take the instance, and show up below as a step run on two processes.
 */
const LEASE_MS = 2_000;
/** Give up waiting once nothing has moved for this long (the longest timer is 100 ms, a lease 2 s). */
const STALL_MS = 30_000;
/** A bound on the whole wait, generous for a loaded CI machine. */
const COMPLETION_TIMEOUT_MS = 60_000 + INSTANCES * 150;
const FLOW_TYPE = "scale-out";
/** Lines of problems printed in a failure message; the count says how many there were in all. */
const SHOWN = 20;

/**
 * start -> three parallel branches: a side effect that fails transiently for some instances and is retried, a
 * durable timer, and a pure transform -> join -> a second side effect (also flaky for some) -> a transform that
 * gathers every branch's output, so a lost or doubled output shows -> end.
 */
const scaleFlow = (effectUrl: string): FlowDefinition => ({
  id: FLOW_TYPE,
  name: "Scale out",
  description: "Parallel branches, a timer, side effects and retries, for the scale-out test.",
  input: {
    type: "object",
    required: ["n"],
    properties: { n: { type: "integer" }, failCharge: { type: "boolean" }, failNotify: { type: "boolean" } },
  },
  settings: {
    retry: { maxAttempts: 3, initialDelayMs: 20, multiplier: 2, maxDelayMs: 200, jitter: true },
    timeoutMs: 10_000,
  },
  nodes: [
    { id: "start", type: "start" },
    { id: "fan", type: "parallel" },
    {
      id: "charge",
      type: "phase",
      handler: "http",
      params: { url: effectUrl, method: "POST", body: { n: "=input.n", failFirst: "=input.failCharge" } },
    },
    { id: "pause", type: "wait", delayMs: WAIT_MS },
    { id: "score", type: "phase", handler: "transform", params: { expression: "input.n * 2 + 1" } },
    { id: "merge", type: "join" },
    {
      id: "notify",
      type: "phase",
      handler: "http",
      params: {
        url: effectUrl,
        method: "POST",
        body: { n: "=input.n", score: "=phases.score.output", failFirst: "=input.failNotify" },
      },
    },
    {
      id: "summarize",
      type: "phase",
      handler: "transform",
      params: {
        expression:
          "{ 'n': input.n, 'charged': phases.charge.output.status, 'score': phases.score.output, " +
          "'notified': phases.notify.output.status }",
      },
    },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "fan" },
    { id: "e2", source: "fan", target: "charge" },
    { id: "e3", source: "fan", target: "pause" },
    { id: "e4", source: "fan", target: "score" },
    { id: "e5", source: "charge", target: "merge" },
    { id: "e6", source: "pause", target: "merge" },
    { id: "e7", source: "score", target: "merge" },
    { id: "e8", source: "merge", target: "notify" },
    { id: "e9", source: "notify", target: "summarize" },
    { id: "e10", source: "summarize", target: "done" },
  ],
});

const PHASES = ["charge", "score", "notify", "summarize"];
const SIDE_EFFECTS = ["charge", "notify"];

/** The retries instance n makes: its `charge` (every 3rd) and `notify` (every 5th) calls fail once with a 503. */
function retriesOf(n: number): Record<string, number> {
  return { charge: n % 3 === 0 ? 1 : 0, notify: n % 5 === 0 ? 1 : 0 };
}

/** The calls the effect server should have seen for one step: failed first attempts, then one success. */
function expectedCalls(id: string, node: string, retries: number): string[] {
  return Array.from({ length: retries + 1 }, (_, i) => `${id}:${node}:${i + 1} ${i < retries ? 503 : 200}`);
}

/**
 * What shows a step ran on two processes in one instance's history: an attempt interrupted or started twice, or
 * an attempt whose start and outcome were committed by different processes (the one that starts an attempt runs
 * it and commits its result).
 */
function ownershipProblems(events: readonly WrittenEvent[]): string[] {
  const problems: string[] = [];
  const interrupted = events.filter((e) => e.type === "node.interrupted").length;
  if (interrupted > 0) problems.push(`${interrupted} node.interrupted events`);
  const reruns = rerunCount(events);
  if (reruns > 0) problems.push(`${reruns} attempts started again`);
  const unattributed = events.filter((e) => e.writer === null).length;
  if (unattributed > 0) problems.push(`${unattributed} events without a recorded writer`);
  const startedBy = new Map<string, string | null>();
  for (const e of events) {
    if (e.nodeId === null) continue;
    if (e.type === "node.started") startedBy.set(e.nodeId, e.writer);
    else if (["node.completed", "node.retrying", "node.failed"].includes(e.type) && startedBy.has(e.nodeId)) {
      const starter = startedBy.get(e.nodeId);
      if (starter !== e.writer) problems.push(`${e.nodeId}: started by ${starter}, ${e.type} by ${e.writer}`);
      startedBy.delete(e.nodeId);
    }
  }
  return problems;
}

/** Calls of one step that overlap in time: the second arrived before the first was answered. */
function overlaps(calls: readonly EffectCall[]): string[] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const found: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1] as EffectCall;
    const after = sorted[i] as EffectCall;
    if (before.end === undefined || after.start < before.end) found.push(`${before.key} overlaps ${after.key}`);
  }
  return found;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Runs `task` for 0..count-1 with at most `limit` in flight. */
async function forEachBounded(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

describe("scale-out on PostgreSQL", () => {
  let postgres: PostgresServer | undefined;
  let dataDir: string | undefined;
  let effects: EffectServer | undefined;
  let db: pg.Client | undefined;

  beforeAll(async () => {
    postgres = await startPostgres();
    dataDir = await mkdtemp(join(tmpdir(), "mfo-scale-"));
    effects = await startEffectServer({
      delayMs: EFFECT_DELAY_MS,
      failFirst: (body) => (body as { failFirst?: unknown } | undefined)?.failFirst === true,
    });
  });

  afterAll(async () => {
    await stopAll();
    await db?.end();
    await effects?.close();
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`completes ${INSTANCES} instances on ${PROCESSES} processes, each phase committed once and no step run twice at once`, {
    timeout: COMPLETION_TIMEOUT_MS + 180_000,
  }, async () => {
    const effectServer = effects as EffectServer;
    const databaseUrl = await createTestDatabase((postgres as PostgresServer).url);
    const names = Array.from({ length: PROCESSES }, (_, k) => `scale-${k + 1}`);
    const processes = await Promise.all(
      names.map((name) =>
        startRuntime(name, {
          DATABASE_URL: withApplicationName(databaseUrl, name),
          MFO_DATA_DIR: dataDir as string,
          MFO_LEASE_MS: String(LEASE_MS),
          MFO_POLL_MS: "50",
          MFO_HTTP_ALLOW_HOSTS: "127.0.0.1",
          MFO_RATE_LIMIT: "0",
          LOG_LEVEL: "warn",
        }),
      ),
    );
    const [first] = processes as [RuntimeProcess];
    db = new pg.Client({ connectionString: withApplicationName(databaseUrl, "scale-test") });
    await db.connect();
    await recordEventWriters(db);
    const flow = scaleFlow(effectServer.url);
    const published = await first.client.request("post /flow-types", { body: flow });
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    // Create every instance through the API, round-robin over the processes.
    const began = performance.now();
    const ids: string[] = new Array(INSTANCES);
    await forEachBounded(INSTANCES, CREATE_CONCURRENCY, async (n) => {
      const target = processes[n % PROCESSES] as RuntimeProcess;
      const retries = retriesOf(n);
      const input = { n, failCharge: retries.charge === 1, failNotify: retries.notify === 1 };
      const created = await target.client
        .request("post /flows", { body: { flowType: FLOW_TYPE, input, idempotencyKey: `scale-${n}` } })
        .catch((error: FlowServiceError) => {
          // A refusal rejects: name the process and the instance, as for an unexpected success status below.
          throw new Error(`${target.name}: create ${n} answered ${error.status}: ${error.message}`, { cause: error });
        });
      if (created.status !== 201) {
        throw new Error(`${target.name}: create ${n} answered ${created.status}: ${JSON.stringify(created.body)}`);
      }
      ids[n] = created.body.id;
    });
    const createdIn = performance.now() - began;
    console.log(`scale-out: created ${INSTANCES} instances in ${seconds(createdIn)} s`);

    // Wait until every instance has ended, or nothing has moved (no new event) for STALL_MS.
    const counts = async () => {
      const { rows } = await (db as pg.Client).query<{ status: string; count: number }>(
        "select status, count(*)::int as count from instances where flow_type_id = $1 group by status",
        [FLOW_TYPE],
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.count])) as Record<string, number>;
    };
    const eventCount = async () => {
      const { rows } = await (db as pg.Client).query<{ count: number }>("select count(*)::int as count from events");
      return rows[0]?.count ?? 0;
    };
    let last = "";
    let lastEvents = -1;
    let movedAt = Date.now();
    let reportedAt = 0;
    const final = await waitFor(
      async () => {
        const [now, events] = await Promise.all([counts(), eventCount()]);
        const ended = (now.completed ?? 0) + (now.failed ?? 0) + (now.cancelled ?? 0);
        const line = JSON.stringify(now);
        if (events !== lastEvents) [lastEvents, movedAt] = [events, Date.now()];
        last = line;
        if (Date.now() - reportedAt > 2_000) {
          reportedAt = Date.now();
          console.log(`scale-out: ${seconds(performance.now() - began)} s ${line}`);
        }
        return ended === INSTANCES || Date.now() - movedAt > STALL_MS ? now : undefined;
      },
      {
        timeoutMs: COMPLETION_TIMEOUT_MS,
        intervalMs: 250,
        message: () => `scale-out: instances still running (${last})`,
      },
    );
    const tookMs = performance.now() - began;
    const throughput = (final.completed ?? 0) / (tookMs / 1000);
    console.log(
      `scale-out: ${final.completed ?? 0} of ${INSTANCES} instances completed on ${PROCESSES} processes in ` +
        `${seconds(tookMs)} s (${throughput.toFixed(1)} instances/s; creating took ${seconds(createdIn)} s)`,
    );
    if (final.completed !== INSTANCES) {
      const { rows: stuck } = await db.query(
        `select i.id, i.status, i.current_nodes, i.lease_owner, i.lease_until, i.last_error,
                (select min(t.due_at) from timers t where t.instance_id = i.id and t.fired_at is null) as next_timer
           from instances i where i.flow_type_id = $1 and i.status <> 'completed' limit ${SHOWN}`,
        [FLOW_TYPE],
      );
      console.log(`scale-out: instances not completed (first ${SHOWN}):\n${JSON.stringify(stuck, null, 1)}`);
      for (const p of processes) console.log(`scale-out: ${p.name}'s output (tail):\n${p.output().slice(-2_000)}`);
    }
    expect(final, "instances by status").toEqual({ completed: INSTANCES });

    // Seen through the API: every instance created is listed as completed.
    const listed = await instancesOf(first, FLOW_TYPE, "completed");
    expect(new Set(listed.map((i) => i.id))).toEqual(new Set(ids));

    // From the database: histories with the process that committed each event, phase runs and outputs.
    const histories = await eventsByInstance(db, FLOW_TYPE);
    const { rows: runs } = await db.query<{ instance_id: string; node_id: string; status: string; attempts: number }>(
      "select instance_id, node_id, status, attempts from phase_runs where flow_type_id = $1",
      [FLOW_TYPE],
    );
    const runsOf = groupBy(runs, (r) => r.instance_id);
    const { rows: summaries } = await db.query<{ id: string; summary: unknown }>(
      "select id, context->'phases'->'summarize'->'output' as summary from instances where flow_type_id = $1",
      [FLOW_TYPE],
    );
    const summaryOf = new Map(summaries.map((r) => [r.id, r.summary]));
    const callsOf = groupBy(effectServer.calls, (call) => stepOfKey(call.key));

    const problems: string[] = [];
    const startedBy = new Map<string, number>(names.map((name) => [name, 0]));
    let retried = 0;
    ids.forEach((id, n) => {
      const say = (problem: string) => problems.push(`instance ${n} (${id}): ${problem}`);
      const events = histories.get(id) ?? [];
      const retries = retriesOf(n);
      retried += (retries.charge ?? 0) + (retries.notify ?? 0);
      for (const problem of historyProblems(events, flow.nodes, retries)) say(problem);
      for (const problem of ownershipProblems(events)) say(problem);
      for (const e of events) {
        if (e.type === "node.started" && e.writer) startedBy.set(e.writer, (startedBy.get(e.writer) ?? 0) + 1);
      }
      const phaseRuns = runsOf.get(id) ?? [];
      for (const node of PHASES) {
        const mine = phaseRuns.filter((r) => r.node_id === node);
        const attempts = (retries[node] ?? 0) + 1;
        const wanted = [`completed after ${attempts} attempts`];
        const got = mine.map((r) => `${r.status} after ${r.attempts} attempts`);
        if (JSON.stringify(got) !== JSON.stringify(wanted)) say(`${node}: phase runs ${got.join("; ") || "none"}`);
      }
      for (const node of SIDE_EFFECTS) {
        const calls = callsOf.get(`${id}:${node}`) ?? [];
        const seen = [...calls].sort((a, b) => a.start - b.start).map((c) => `${c.key} ${c.status ?? "unanswered"}`);
        const wanted = expectedCalls(id, node, retries[node] ?? 0);
        if (JSON.stringify(seen) !== JSON.stringify(wanted)) say(`${node}: calls ${seen.join(", ") || "none"}`);
        for (const overlap of overlaps(calls)) say(overlap);
      }
      const summary = { n, charged: 200, score: 2 * n + 1, notified: 200 };
      if (!isDeepStrictEqual(summaryOf.get(id), summary)) say(`summarize gave ${JSON.stringify(summaryOf.get(id))}`);
    });
    const known = new Set(ids.flatMap((id) => SIDE_EFFECTS.map((node) => `${id}:${node}`)));
    const strays = [...callsOf.keys()].filter((step) => !known.has(step));
    if (strays.length > 0) problems.push(`calls for unknown steps: ${strays.slice(0, SHOWN).join(", ")}`);

    const spread = names.map((name) => `${name} ${startedBy.get(name)}`).join(", ");
    console.log(
      `scale-out: ${effectServer.calls.length} effect calls, ${retried} transient failures retried; ` +
        `attempts started per process: ${spread}`,
    );
    expect(
      problems.slice(0, SHOWN),
      `${problems.length} problems in ${INSTANCES} histories (first ${SHOWN} shown)`,
    ).toEqual([]);
    expect(effectServer.calls.length).toBe(2 * INSTANCES + retried);
    // Every process ran part of the work: none sat idle while the others took it all.
    for (const name of names) expect(startedBy.get(name), `attempts started by ${name}`).toBeGreaterThan(0);

    const exits = await Promise.all(processes.map((p) => p.stop()));
    expect(exits).toEqual(processes.map(() => 0));
  });
});
