/**
 * Reading a schedule's cron expression in its IANA time zone (croner, MIT, no dependencies) and the due times it
 * gives. Croner decides what a due time is, DST included (docs/API.md "Schedules" states its rules): a fixed-time
 * job such as `30 2 * * *` runs at the first valid time after a spring-forward gap and once (the first occurrence)
 * in a fall-back hour; an interval job (a wildcard, step, range or list in seconds, minutes or hours) skips times
 * in a gap and runs on both occurrences of a repeated time. Every malformed input is a 422 naming the field.
 */
import type { ValidationError } from "@mfo/schemas";
import { Cron } from "croner";
import { invalid } from "../errors.js";

/** How many due times a schedule shows (`nextDue`). */
export const NEXT_DUE_COUNT = 5;

/** A cron expression read in a time zone: the due times after a moment. */
export interface CronReading {
  /** The first due time strictly after `after`, or undefined when the expression is never due again. */
  nextAfter(after: Date): Date | undefined;
  /** Up to `count` due times strictly after `after`, oldest first. */
  nextRuns(count: number, after: Date): Date[];
  /** Up to `count` due times strictly before `before`, newest first. */
  previousRuns(count: number, before: Date): Date[];
}

/** Whether the runtime's time zone database knows `zone` (e.g. Europe/Berlin, UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why `cron` in `timezone` cannot be a schedule (paths under `prefix`); empty when it can. */
export function cronErrors(cron: string, timezone: string, prefix = ""): ValidationError[] {
  if (!isTimeZone(timezone)) {
    const message = `"${timezone}" is not an IANA time zone (for example Europe/Berlin or UTC)`;
    return [{ path: `${prefix}/timezone`, code: "invalid-time-zone", message }];
  }
  const fields = cron.trim().split(/\s+/).length;
  if (!cron.trim().startsWith("@") && (fields < 5 || fields > 6)) {
    const message = `the cron expression has ${fields} field(s): give five (minute hour day month weekday) or six with seconds first`;
    return [{ path: `${prefix}/cron`, code: "invalid-cron", message }];
  }
  try {
    const job = new Cron(cron, { timezone, paused: true });
    if (job.nextRun() === null) {
      const message = `the cron expression "${cron}" is never due (no date matches it)`;
      return [{ path: `${prefix}/cron`, code: "invalid-cron", message }];
    }
  } catch (error) {
    // croner's messages name the field ("CronPattern: Invalid value for minute: 61"); its prefix is dropped.
    const reason = String((error as Error).message ?? error).replace(/^Cron\w*:\s*/, "");
    return [{ path: `${prefix}/cron`, code: "invalid-cron", message: `the cron expression is not valid: ${reason}` }];
  }
  return [];
}

/** Reads `cron` in `timezone`; a 422 naming what is wrong when it cannot be a schedule. */
export function readCron(cron: string, timezone: string, prefix = ""): CronReading {
  const errors = cronErrors(cron, timezone, prefix);
  if (errors.length > 0) throw invalid(errors[0]?.message ?? "invalid cron", errors, "invalid-schedule");
  const job = new Cron(cron, { timezone, paused: true });
  return {
    nextAfter: (after) => job.nextRun(after) ?? undefined,
    nextRuns: (count, after) => job.nextRuns(count, after),
    previousRuns: (count, before) => job.previousRuns(count, before),
  };
}
