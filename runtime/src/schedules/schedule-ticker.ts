/**
 * The schedule ticker: one in every runtime process. It claims due schedules (FOR UPDATE SKIP LOCKED, a short
 * lease), starts each due time's instance through the engine's create (the same path as POST /flows) under the
 * idempotency key `schedule:<id>:<due ISO>`, then advances the row to its next due time and records the last run.
 *
 * Exactly once per due time: creating before advancing makes it at least once (a process dying in between leaves
 * the row due; another claims it when the lease lapses and creates again), and the instances_idempotency unique
 * index makes that second create return the first instance instead of starting another: at most once.
 *
 * Between claims it sleeps until the earliest due time of any schedule (at most `maxSleepMs`), so an every-second
 * schedule fires within milliseconds of its due time; a route that creates, changes or resumes a schedule wakes it.
 */
import { randomUUID } from "node:crypto";
import type { Engine } from "../engine/engine.js";
import { AppError } from "../errors.js";
import type { Db } from "../store/database.js";
import {
  activeScheduleInstances,
  advanceSchedule,
  claimDueSchedules,
  earliestDue,
  type ScheduleRow,
  type ScheduleRunRecord,
  scheduleInstanceKey,
} from "../store/schedule-repository.js";
import { readCron } from "./cron.js";
import { DEFAULT_GRACE_MS, planDue } from "./due-plan.js";

export interface ScheduleTickerOptions {
  db: Db;
  engine: Pick<Engine, "create" | "cancel">;
  now(): Date;
  logger: { warn(fields: object, message: string): void; error(fields: object, message: string): void };
  /** Lease on a claimed schedule (ms): how long a process that died holds up its schedules. Default 5 s. */
  leaseMs?: number;
  /** Longest sleep between looks at the schedules (ms): a schedule another process created is seen this late. */
  maxSleepMs?: number;
  /** How late a due time may be and still be on time, not missed (see due-plan.ts). */
  graceMs?: number;
  /** Schedules claimed at once. */
  batch?: number;
}

export interface ScheduleTicker {
  readonly owner: string;
  /** Claims and fires the schedules due now; how many it claimed. */
  runOnce(): Promise<number>;
  start(): void;
  /** Looks again now (a schedule was created, changed or resumed). */
  wake(): void;
  /** Stops claiming and waits for the claim in flight. */
  stop(): Promise<void>;
}

/** Below this, a sleep is not worth a timer: a schedule due that soon is claimed at once. */
const MIN_SLEEP_MS = 5;
/** When something is due but was not claimable (another process holds its lease): look again after this. */
const HELD_SLEEP_MS = 200;

export function createScheduleTicker(options: ScheduleTickerOptions): ScheduleTicker {
  const { db, engine, logger } = options;
  const leaseMs = options.leaseMs ?? 5_000;
  const maxSleepMs = options.maxSleepMs ?? 1_000;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const batch = options.batch ?? 20;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  /** Starts one due time's instance, applying the overlap policy first. */
  const fireOne = async (row: ScheduleRow, due: Date): Promise<ScheduleRunRecord> => {
    const at = due.toISOString();
    const key = scheduleInstanceKey(row.id, due);
    if (row.overlap !== "allow") {
      const active = await activeScheduleInstances(db, row.tenantId, row.id);
      // This due time's own instance (created before a crash, not yet advanced past) is no overlap.
      const earlier = active.filter((a) => a.key !== key);
      if (earlier.length > 0 && row.overlap === "skip") {
        const message = `an instance this schedule started is still active (${earlier.map((a) => a.id).join(", ")})`;
        return { due: at, outcome: "skipped", instanceId: null, message };
      }
      for (const previous of earlier) {
        const reason = `cancelled by schedule ${row.name}: overlap`;
        await engine.cancel(row.tenantId, previous.id, undefined, { reason }).catch((error) => {
          // It ended (or was cancelled) meanwhile: nothing left to cancel.
          if (!(error instanceof AppError)) throw error;
        });
      }
    }
    try {
      const { record } = await engine.create(row.tenantId, {
        flowType: row.flowTypeId,
        input: row.input,
        idempotencyKey: key,
      });
      return { due: at, outcome: "started", instanceId: record.id };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const message =
        error.status === 404 ? `flow type "${row.flowTypeId}" has no published version to start` : error.message;
      return { due: at, outcome: "failed", instanceId: null, message };
    }
  };

  /** Fires a claimed schedule's due times and advances it; an unexpected error leaves it to the lease's lapse. */
  const fire = async (row: ScheduleRow, now: Date) => {
    if (!row.nextDueAt) return;
    let next: Date | undefined;
    let lastRun: ScheduleRunRecord | null = null;
    try {
      const reading = readCron(row.cron, row.timezone);
      const plan = planDue({ ...row, nextDueAt: row.nextDueAt }, reading, now, graceMs);
      next = plan.next;
      if (plan.skipped) {
        const message = "missed while no runtime process was running; catch-up none fires no missed due time";
        lastRun = { due: plan.skipped.toISOString(), outcome: "skipped", instanceId: null, message };
      }
      for (const due of plan.fire) lastRun = await fireOne(row, due);
    } catch (error) {
      if (!(error instanceof AppError)) {
        logger.error({ err: String(error), schedule: row.id }, "firing a schedule failed; retried after its lease");
        return;
      }
      // A cron expression stored before a change in the parser's rules: the schedule stops, saying why.
      lastRun = { due: row.nextDueAt.toISOString(), outcome: "failed", instanceId: null, message: error.message };
      next = undefined;
    }
    await advanceSchedule(db, row.id, owner, next ?? null, lastRun);
  };

  const runOnce = async () => {
    const now = options.now();
    const rows = await claimDueSchedules(db, owner, now, leaseMs, batch);
    await Promise.all(rows.map((row) => fire(row, now)));
    return rows.length;
  };

  const sleepMs = async (claimed: number) => {
    if (claimed >= batch) return 0;
    const earliest = await earliestDue(db);
    if (!earliest) return maxSleepMs;
    const wait = earliest.getTime() - options.now().getTime();
    // Due but not claimed: another process holds it (or its lease has not lapsed yet).
    if (wait <= 0) return claimed > 0 ? 0 : HELD_SLEEP_MS;
    return Math.min(maxSleepMs, wait + 1);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || ms < MIN_SLEEP_MS) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wakeUp = undefined;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
    });

  const run = async () => {
    while (running) {
      let claimed = 0;
      let pause = maxSleepMs;
      try {
        claimed = await runOnce();
        pause = await sleepMs(claimed);
      } catch (error) {
        logger.warn({ err: String(error) }, "looking for due schedules failed");
      }
      if (running) await sleep(pause);
    }
  };

  return {
    owner,
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = undefined;
    },
  };
}
