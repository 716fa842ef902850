/**
 * Schedules across real `mfo serve` processes on one PostgreSQL: an every-second schedule fires exactly once per
 * due time over 20 s with two processes racing for every due time and one of them killed (SIGKILL) at a random
 * moment; and the catch-up policies after the only process was down for 10 s. Instances are counted per due time
 * by their idempotency key (`schedule:<id>:<due ISO>`), read straight from the database.
 * Replay a failure's kill moment with MFO_TEST_SEED=<the printed seed>.
 */
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition, Schedule } from "@mfo/schemas";
import { seededRandom } from "@mfo/schemas/testing";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RuntimeEnv, type RuntimeProcess, startRuntime, stopAll, waitFor } from "../support/runtime-process.js";

const SEED = process.env.MFO_TEST_SEED ? Number(process.env.MFO_TEST_SEED) : randomInt(2 ** 31);
const WINDOW_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tick: FlowDefinition = {
  id: "tick",
  name: "Tick",
  nodes: [
    { id: "start", type: "start" },
    { id: "note", type: "phase", handler: "noop", params: { output: { ticked: true } } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "note" },
    { id: "e2", source: "note", target: "done" },
  ],
};

describe("schedules on PostgreSQL across processes", () => {
  let postgres: PostgresServer | undefined;
  let dataDir: string | undefined;
  let db: pg.Client | undefined;

  const freshEnv = async (): Promise<RuntimeEnv> => {
    const url = await createTestDatabase((postgres as PostgresServer).url);
    await db?.end();
    db = new pg.Client({ connectionString: url });
    await db.connect();
    return { DATABASE_URL: url, MFO_DATA_DIR: dataDir as string, MFO_SCHEDULE_LEASE_MS: "1500", LOG_LEVEL: "warn" };
  };
  /** Instances per due time of a schedule, oldest due first. */
  const perDue = async (scheduleId: string) => {
    const { rows } = await (db as pg.Client).query<{ key: string; count: number }>(
      "select idempotency_key as key, count(*)::int as count from instances where idempotency_key like $1 group by 1",
      [`schedule:${scheduleId}:%`],
    );
    return rows
      .map((r) => ({ due: Date.parse(r.key.slice(`schedule:${scheduleId}:`.length)), count: r.count }))
      .sort((a, b) => a.due - b.due);
  };

  beforeAll(async () => {
    console.log(`schedules test seed: ${SEED} (replay with MFO_TEST_SEED=${SEED})`);
    postgres = await startPostgres();
    dataDir = await mkdtemp(join(tmpdir(), "mfo-schedules-"));
  });
  afterEach(stopAll);
  afterAll(async () => {
    await stopAll();
    await db?.end();
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("fires an every-second schedule exactly once per due time with two processes, one killed at random", async () => {
    const random = seededRandom(SEED);
    const env = await freshEnv();
    const processes = [await startRuntime("schedules-a", env), await startRuntime("schedules-b", env)];
    const [a] = processes as [RuntimeProcess, RuntimeProcess];
    expect((await a.client.request("post /flow-types", { body: tick })).status).toBe(201);
    const schedule = await a.client.createSchedule("tick", {
      cron: "* * * * * *",
      overlap: "allow",
      catchUp: { policy: "all", limit: 30 },
    });
    const first = Date.parse(schedule.nextDue[0] as string);

    const victim = processes[Math.floor(random() * 2)] as RuntimeProcess;
    const survivor = processes.find((p) => p !== victim) as RuntimeProcess;
    const killAfter = 2_000 + Math.floor(random() * (WINDOW_MS - 4_000));
    await sleep(first - Date.now() + killAfter);
    await victim.kill();
    await sleep(first + WINDOW_MS - Date.now());
    // The survivor takes over the victim's lease once it lapses (1.5 s) and fires what is due up to now.
    await waitFor(async () => ((await perDue(schedule.id)).at(-1)?.due ?? 0) >= first + WINDOW_MS - 1_000, {
      timeoutMs: 15_000,
      message: async () => `the schedule stopped firing: ${JSON.stringify((await perDue(schedule.id)).at(-1))}`,
    });
    await survivor.client.pauseSchedule("tick", schedule.id);

    const fired = await perDue(schedule.id);
    const dues = fired.map((f) => f.due);
    const last = dues.at(-1) as number;
    expect(
      fired.filter((f) => f.count !== 1),
      `seed ${SEED}, killed ${victim.name} after ${killAfter} ms`,
    ).toEqual([]);
    expect(dues[0]).toBe(first);
    expect(last).toBeGreaterThanOrEqual(first + WINDOW_MS - 1_000);
    // Every second from the first due time to the last: no gap.
    expect(dues).toEqual(Array.from({ length: (last - first) / 1_000 + 1 }, (_, i) => first + i * 1_000));
  });

  it("catches up after the only process was down for 10 s: latest one, all:3 three, none none", async () => {
    const env = await freshEnv();
    const before = await startRuntime("catch-up-before", env);
    expect((await before.client.request("post /flow-types", { body: tick })).status).toBe(201);
    // Due only at six seconds that pass while the process is down: 3..8 s from now (then not for a minute).
    const t0 = Math.ceil(Date.now() / 1_000) * 1_000;
    const seconds = [3, 4, 5, 6, 7, 8].map((s) => new Date(t0 + s * 1_000).getUTCSeconds());
    const cron = `${seconds.join(",")} * * * * *`;
    const add = (policy: "latest" | "none" | "all") =>
      before.client.createSchedule("tick", {
        cron,
        name: policy,
        overlap: "allow",
        catchUp: policy === "all" ? { policy, limit: 3 } : { policy },
      });
    const latest = await add("latest");
    const all = await add("all");
    const none = await add("none");
    expect(latest.nextDue[0]).toBe(new Date(t0 + 3_000).toISOString());
    await before.kill();
    const killedAt = Date.now();
    expect(killedAt).toBeLessThan(t0 + 3_000);
    await sleep(killedAt + 10_000 - Date.now());

    const after = await startRuntime("catch-up-after", env);
    const ran = async (s: Schedule) => (await after.client.getSchedule("tick", s.id)).lastRun;
    // waitFor takes any value but undefined and false as done: a lastRun still null must be false.
    await waitFor(async () => Boolean((await ran(latest)) && (await ran(all)) && (await ran(none))), {
      timeoutMs: 15_000,
      message: "the restarted process did not look at the missed schedules",
    });
    const due = (s: number) => t0 + s * 1_000;
    const lastRuns = `${JSON.stringify([await ran(latest), await ran(all), await ran(none)])}\n${after.output()}`;
    expect(await perDue(latest.id), lastRuns).toEqual([{ due: due(8), count: 1 }]);
    expect(await perDue(all.id), lastRuns).toEqual([6, 7, 8].map((s) => ({ due: due(s), count: 1 })));
    expect(await perDue(none.id), lastRuns).toEqual([]);
    expect(await ran(none)).toMatchObject({ due: new Date(due(8)).toISOString(), outcome: "skipped" });
    // Each moved on to its next due time, a minute later.
    expect((await after.client.getSchedule("tick", latest.id)).nextDue[0]).toBe(new Date(due(63)).toISOString());
  });
});
