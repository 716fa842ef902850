/**
 * The schedule ticker on both databases, its clock set by the test: a due time starts one instance (also when two
 * processes race, or one dies between the create and the advance), the catch-up policies after a 10 s stop, the
 * overlap policies with an instance that waits for a person, and a schedule of a flow type with nothing published.
 */
import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  claimDueSchedules,
  findSchedule,
  insertSchedule,
  type ScheduleFields,
  type ScheduleRow,
  type ScheduleRunRecord,
  scheduleInstanceKey,
} from "../store/schedule-repository.js";
import { instances, schedules } from "../store/schema.js";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../testing/test-runtime.js";
import { createScheduleTicker, type ScheduleTicker } from "./schedule-ticker.js";

const T = new Date("2030-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T.getTime() + seconds * 1_000);

describe.each(["pglite", "postgres"] as const)("schedule ticker on %s", (driver) => {
  let rt: TestRuntime;
  let clock = T;
  const silent = { warn() {}, error() {} };
  const ticker = (): ScheduleTicker =>
    createScheduleTicker({ db: rt.database.db, engine: rt.engine, now: () => clock, logger: silent, leaseMs: 5_000 });

  beforeAll(async () => {
    rt = await createTestRuntime(driver, driver === "postgres" ? inject("postgresUrl") : undefined);
    await rt.registry.publish(TENANT, lineFlow("quick", [{ id: "go", handler: "noop" }]));
    await rt.registry.publish(TENANT, lineFlow("held", [{ id: "go", handler: "noop", trigger: "manual" }]));
  });
  afterAll(() => rt?.close());

  const schedule = async (flowTypeId: string, fields: Partial<ScheduleFields> = {}): Promise<ScheduleRow> =>
    insertSchedule(rt.database.db, {
      id: randomUUID(),
      tenantId: TENANT,
      flowTypeId,
      createdBy: null,
      name: "test",
      cron: "* * * * * *",
      timezone: "UTC",
      input: {},
      enabled: true,
      overlap: "allow",
      catchUp: "latest",
      catchUpLimit: null,
      nextDueAt: T,
      ...fields,
    });
  /** The due times the schedule's instances were started for, oldest first, with their status. */
  const started = async (id: string) => {
    const rows = await rt.database.db
      .select({ key: instances.idempotencyKey, status: instances.status, id: instances.id })
      .from(instances)
      .where(and(eq(instances.tenantId, TENANT), like(instances.idempotencyKey, `schedule:${id}:%`)));
    return rows
      .map((r) => ({ due: (r.key as string).slice(`schedule:${id}:`.length), status: r.status, id: r.id }))
      .sort((a, b) => a.due.localeCompare(b.due));
  };
  const row = async (id: string) => (await findSchedule(rt.database.db, TENANT, "quick", id)) as ScheduleRow;
  const stored = async (id: string) => {
    const [r] = await rt.database.db.select().from(schedules).where(eq(schedules.id, id));
    return r as ScheduleRow;
  };

  it("fires a due time once, under the key schedule:<id>:<due>, and moves to the next", async () => {
    const s = await schedule("quick");
    clock = at(0.2);
    await ticker().runOnce();
    expect((await started(s.id)).map((i) => i.due)).toEqual([T.toISOString()]);
    const after = await row(s.id);
    expect(after.nextDueAt?.toISOString()).toBe(at(1).toISOString());
    expect(after.lastRun).toMatchObject({ due: T.toISOString(), outcome: "started" });
    expect(after.leaseOwner).toBeNull();
    // Nothing due yet: a second look fires nothing.
    await ticker().runOnce();
    expect(await started(s.id)).toHaveLength(1);
  });

  it("starts one instance per due time when two processes race or one dies between create and advance", async () => {
    const s = await schedule("quick");
    clock = at(0.1);
    await Promise.all([ticker().runOnce(), ticker().runOnce(), ticker().runOnce()]);
    expect((await started(s.id)).map((i) => i.due)).toEqual([T.toISOString()]);

    // A process claims T+1, creates its instance and dies before the advance.
    clock = at(1.1);
    const claimed = await claimDueSchedules(rt.database.db, "dead-process", clock, 5_000, 10);
    expect(claimed.map((c) => c.id)).toContain(s.id);
    await rt.engine.create(TENANT, { flowType: "quick", idempotencyKey: scheduleInstanceKey(s.id, at(1)) });
    // Its lease holds the row: nobody fires it meanwhile.
    clock = at(2.5);
    await ticker().runOnce();
    expect((await stored(s.id)).leaseOwner).toBe("dead-process");
    // Once the lease lapsed, another process takes over: T+1 is not started twice, T+2..T+6 catch up as missed.
    clock = at(6.2);
    await ticker().runOnce();
    const dues = (await started(s.id)).map((i) => i.due);
    expect(dues).toEqual([T, at(1), at(6)].map((d) => d.toISOString()));
  });

  describe("catch-up after a 10 s stop", () => {
    const afterStop = async (catchUp: ScheduleFields["catchUp"], catchUpLimit: number | null = null) => {
      const s = await schedule("quick", { catchUp, catchUpLimit });
      clock = at(10.5);
      await ticker().runOnce();
      const after = await row(s.id);
      expect(after.nextDueAt?.toISOString()).toBe(at(11).toISOString());
      return { dues: (await started(s.id)).map((i) => i.due), lastRun: after.lastRun as unknown as ScheduleRunRecord };
    };

    it("latest fires the most recent missed due time only", async () => {
      const { dues, lastRun } = await afterStop("latest");
      expect(dues).toEqual([at(10).toISOString()]);
      expect(lastRun.outcome).toBe("started");
    });

    it("all fires the most recent missed ones up to the limit, oldest first", async () => {
      expect((await afterStop("all", 3)).dues).toEqual([at(8), at(9), at(10)].map((d) => d.toISOString()));
      // Without a limit: 10 of the 11 missed (T..T+10).
      const { dues } = await afterStop("all");
      expect(dues).toEqual(Array.from({ length: 10 }, (_, i) => at(i + 1).toISOString()));
    });

    it("none fires nothing and records the newest missed due time as skipped", async () => {
      const { dues, lastRun } = await afterStop("none");
      expect(dues).toEqual([]);
      expect(lastRun).toMatchObject({ due: at(10).toISOString(), outcome: "skipped" });
    });
  });

  describe("overlap with an instance that waits for a person", () => {
    const twoDueTimes = async (overlap: ScheduleFields["overlap"]) => {
      const s = await schedule("held", { overlap });
      clock = at(0.1);
      await ticker().runOnce();
      clock = at(1.1);
      await ticker().runOnce();
      const [r] = await rt.database.db.select().from(schedules).where(eq(schedules.id, s.id));
      return { list: await started(s.id), lastRun: r?.lastRun as unknown as ScheduleRunRecord };
    };

    it("skip leaves the waiting instance and records the due time as skipped", async () => {
      const { list, lastRun } = await twoDueTimes("skip");
      expect(list.map((i) => [i.due, i.status])).toEqual([[T.toISOString(), "waiting"]]);
      expect(lastRun).toMatchObject({ due: at(1).toISOString(), outcome: "skipped" });
      expect(lastRun.message).toContain(list[0]?.id);
    });

    it("allow starts another one beside it", async () => {
      const { list } = await twoDueTimes("allow");
      expect(list.map((i) => i.status)).toEqual(["waiting", "waiting"]);
    });

    it("cancel-previous cancels the waiting one, then starts", async () => {
      const { list, lastRun } = await twoDueTimes("cancel-previous");
      expect(list.map((i) => [i.due, i.status])).toEqual([
        [T.toISOString(), "cancelled"],
        [at(1).toISOString(), "waiting"],
      ]);
      expect(lastRun).toMatchObject({ outcome: "started", instanceId: list[1]?.id });
    });
  });

  it("records failed for a flow type with nothing published, and moves on", async () => {
    const s = await schedule("never-published");
    clock = at(0.1);
    await ticker().runOnce();
    const after = await stored(s.id);
    expect(after.lastRun).toMatchObject({ due: T.toISOString(), outcome: "failed" });
    expect((after.lastRun as unknown as ScheduleRunRecord).message).toContain("no published version");
    expect(after.nextDueAt?.toISOString()).toBe(at(1).toISOString());
  });

  it("sleeps until the next due time and fires on its own once started", async () => {
    clock = new Date();
    const live = createScheduleTicker({ db: rt.database.db, engine: rt.engine, now: () => new Date(), logger: silent });
    const s = await schedule("quick", { nextDueAt: new Date(Date.now() + 300) });
    live.start();
    try {
      for (let i = 0; i < 200 && (await started(s.id)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await live.stop();
    }
    expect((await started(s.id)).length).toBeGreaterThanOrEqual(1);
  });
});
