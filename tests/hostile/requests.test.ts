/**
 * Hostile request patterns against a real `mfo serve` on PostgreSQL (issue 15): a flood of random API keys from
 * one address (429 after MFO_AUTH_FAILURE_LIMIT, one counted audit row per address and minute), and 50 clients
 * racing pause/resume/execute/cancel on one instance (every answer 2xx or 409, one audit row per request). Both
 * run under the watch: /healthz answered within a second throughout, RSS under the bound, one printed row.
 */
import { randomBytes } from "node:crypto";
import { type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../support/runtime-process.js";
import { type Answer, call, type HostileServer, quantile, query, startHostileServer } from "./bed.js";
import { expectWatched, printRows, recordRow, withWatch } from "./harness.js";

const AUTH_FAILURE_LIMIT = 20;
const FLOOD = 2_000;
/** Requests of the flood in flight at once: enough to contend, few enough that the test process is not the load. */
const FLOOD_AT_ONCE = 10;
const CLIENTS = 50;
const ROUNDS = 4;
/** The slowest answer the race may take: generous, as a noisy 2-core box stretches lock waits. */
const RACE_MAX_MS = 10_000;

/** A manual phase an operator can run again and again: `work` waits, runs on execute, and waits again. */
const treadmill: FlowDefinition = {
  id: "treadmill",
  name: "treadmill",
  nodes: [
    { id: "start", type: "start" },
    { id: "work", type: "phase", handler: "noop", trigger: "manual" },
    { id: "again", type: "decision" },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "work" },
    { id: "e2", source: "work", target: "again" },
    { id: "e3", source: "again", target: "work", condition: "true" },
    { id: "e4", source: "again", target: "done", default: true },
  ],
};

/** A small seeded generator (mulberry32), so a run's sequence of actions can be read back from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("hostile requests", () => {
  let postgres: PostgresServer;
  let bed: HostileServer;

  beforeAll(async () => {
    postgres = await startPostgres();
    bed = await startHostileServer(postgres.url, "requests", {
      MFO_AUTH_FAILURE_LIMIT: String(AUTH_FAILURE_LIMIT),
      // The race sends 200 writes with one key in about a second: the write limit is not what it tests.
      MFO_RATE_LIMIT: "0",
    });
  });
  afterAll(async () => {
    printRows("hostile requests (max /healthz ms, peak RSS MB)");
    await stopAll();
    await postgres?.stop();
  });

  it("a flood of random keys gets 429 after the limit and leaves counted audit rows, not one per request", async () => {
    // The admin key is verified before the flood: a key this process knows still works from a blocked address.
    expect((await call(bed.server, "GET", "/flows")).status).toBe(200);
    const watched = await withWatch(bed.server, async () => {
      const statuses: number[] = [];
      for (let sent = 0; sent < FLOOD; sent += FLOOD_AT_ONCE) {
        const batch = Array.from({ length: FLOOD_AT_ONCE }, () =>
          call(bed.server, "GET", "/flows", undefined, { key: `mfo_${randomBytes(32).toString("base64url")}` }),
        );
        statuses.push(...(await Promise.all(batch)).map((answer) => answer.status));
      }
      return statuses;
    });
    const statuses = watched.value;
    const failed = statuses.filter((s) => s === 401).length;
    const limited = statuses.filter((s) => s === 429).length;
    const [audit] = await query<{ rows: number; counted: number }>(
      bed.databaseUrl,
      "select count(*)::int as rows, coalesce(sum((detail->>'count')::int), 0)::int as counted from audit where action = 'auth.failed'",
    );
    recordRow(
      `audit flood: ${FLOOD} random keys`,
      watched,
      `${failed} x 401, ${limited} x 429; ${audit?.rows} auth.failed rows counting ${audit?.counted}`,
    );
    // Requests in flight together are all checked before any of them fails, so a batch may overshoot.
    expect(failed).toBeGreaterThanOrEqual(AUTH_FAILURE_LIMIT);
    expect(failed).toBeLessThan(AUTH_FAILURE_LIMIT + FLOOD_AT_ONCE);
    expect(failed + limited).toBe(FLOOD);
    // One row per address and minute: the flood may cross one minute's end.
    expect(audit?.rows).toBeGreaterThanOrEqual(1);
    expect(audit?.rows).toBeLessThanOrEqual(2);
    expect(audit?.counted).toBe(failed);
    const listed = await call(bed.server, "GET", "/audit?action=auth.failed&limit=500");
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(audit?.rows ?? -1);
    expectWatched(watched);
  });

  it("50 clients racing pause/resume/execute/cancel get 2xx or 409, each request audited once", async () => {
    const seed = Number(process.env.MFO_TEST_SEED) || Date.now() % 1_000_000;
    const random = seeded(seed);
    expect((await call(bed.server, "POST", "/flow-types", treadmill)).status).toBe(201);
    const created = await call(bed.server, "POST", "/flows", { flowType: treadmill.id });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Cancel ends the race for everyone, so it comes only in the last round, and rarely.
    const plans = Array.from({ length: CLIENTS }, () =>
      Array.from({ length: ROUNDS }, (_, round) => {
        if (round === ROUNDS - 1 && random() < 0.1) return "cancel";
        return (["pause", "resume", "execute"] as const)[Math.floor(random() * 3)] as string;
      }),
    );
    const watched = await withWatch(bed.server, () =>
      Promise.all(
        plans.map(async (plan) => {
          const answers: Array<Answer & { action: string }> = [];
          for (const action of plan)
            answers.push({ ...(await call(bed.server, "POST", `/flows/${id}/${action}`)), action });
          return answers;
        }),
      ),
    );
    const answers = watched.value.flat();
    const ms = answers.map((a) => a.ms);
    const [p50, p99, max] = [quantile(ms, 0.5), quantile(ms, 0.99), Math.max(...ms)].map(Math.round);
    const ok = answers.filter((a) => a.status >= 200 && a.status < 300).length;
    const conflicts = answers.filter((a) => a.status === 409);
    // Why each 409 (the problem type's last segment), e.g. a lock wait that timed out against a state conflict.
    const reasons = new Map<string, number>();
    for (const a of conflicts) {
      const why = String(a.body?.code ?? a.body?.type ?? "")
        .split("/")
        .pop() as string;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    const rows = await query<{ n: number }>(
      bed.databaseUrl,
      "select count(*)::int as n from audit where target = $1 and action in ('flow.pause', 'flow.resume', 'flow.execute', 'flow.cancel')",
      [id],
    );
    recordRow(
      `race: ${CLIENTS} clients x ${ROUNDS} actions (seed ${seed})`,
      watched,
      `${ok} x 2xx, ${conflicts.length} x 409 (${[...reasons].map(([k, n]) => `${k} ${n}`).join(", ")}), ${rows[0]?.n} audit rows; p50 ${p50} ms, p99 ${p99} ms, max ${max} ms`,
    );
    const unexpected = answers.filter((a) => !(a.status >= 200 && a.status < 300) && a.status !== 409);
    expect(unexpected.map((a) => `${a.action}: ${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
    expect(rows[0]?.n).toBe(answers.length);
    expect(max).toBeLessThan(RACE_MAX_MS);
    expectWatched(watched);
  });
});
