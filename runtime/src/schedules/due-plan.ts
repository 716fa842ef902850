/**
 * Which due times a claimed schedule fires now, and its next due time: the catch-up policy. A schedule whose
 * earliest unfired due time is at most `graceMs` old is on time (the ticker merely ran a little late): each due
 * time up to now fires. One older than that was missed while no runtime process ran (or while every one was too
 * busy): the catch-up policy decides. `none` fires nothing and moves on to the next future due time; `latest`
 * fires only the most recent missed one; `all` fires the most recent `limit` missed ones, oldest first.
 */
import type { ScheduleCatchUp } from "../store/trigger-tables.js";
import type { CronReading } from "./cron.js";

/** How late a due time may be and still count as on time rather than missed (ms). */
export const DEFAULT_GRACE_MS = 5_000;
/** catch-up `all` without a limit fires at most this many missed due times. */
export const DEFAULT_CATCH_UP_LIMIT = 10;
/** On time, at most this many due times fire in one claim (an every-second schedule a few seconds late). */
const MAX_ON_TIME = 100;

export interface DuePlan {
  /** The due times to fire now, oldest first. */
  fire: Date[];
  /** catch-up none: the newest missed due time, which it did not fire (the schedule's last run records it). */
  skipped?: Date;
  /** The next due time after now; undefined: the expression is never due again. */
  next: Date | undefined;
}

export interface DuePolicy {
  nextDueAt: Date;
  catchUp: ScheduleCatchUp;
  catchUpLimit: number | null;
}

export function planDue(schedule: DuePolicy, reading: CronReading, now: Date, graceMs = DEFAULT_GRACE_MS): DuePlan {
  const first = schedule.nextDueAt;
  const next = reading.nextAfter(now);
  if (now.getTime() - first.getTime() <= graceMs) {
    const fire: Date[] = [];
    for (let due: Date | undefined = first; due && due <= now && fire.length < MAX_ON_TIME; ) {
      fire.push(due);
      due = reading.nextAfter(due);
    }
    return { fire, next };
  }
  // Missed: the due times from `first` up to now (inclusive), newest first, as many as the policy may fire.
  const upTo = new Date(now.getTime() + 1);
  const wanted =
    schedule.catchUp === "all"
      ? (schedule.catchUpLimit ?? DEFAULT_CATCH_UP_LIMIT)
      : schedule.catchUp === "latest"
        ? 1
        : 0;
  const recent = reading.previousRuns(Math.max(wanted, 1), upTo).filter((due) => due >= first);
  const fire = recent.slice(0, wanted).reverse();
  return wanted === 0 ? { fire, skipped: recent[0] ?? first, next } : { fire, next };
}
