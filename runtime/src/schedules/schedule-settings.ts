/**
 * A schedule as the API reads and shows it: the settings of a request (defaults filled in, cron, time zone and
 * input checked, the first due time computed) and the presented schedule with its next due times.
 */
import {
  type FlowDefinition,
  type Schedule,
  type ScheduleRequest,
  type ScheduleRun,
  type ValidationError,
  validateWithUserSchema,
} from "@mfo/schemas";
import { invalid } from "../errors.js";
import type { ScheduleFields, ScheduleRow } from "../store/schedule-repository.js";
import { NEXT_DUE_COUNT, readCron } from "./cron.js";

/**
 * The stored settings of a schedule request; 422 naming every field that is wrong (cron, time zone, the input
 * against the flow type's latest published input schema when it has one).
 */
export function settingsOf(request: ScheduleRequest, published: FlowDefinition | undefined, now: Date): ScheduleFields {
  const timezone = request.timezone ?? "UTC";
  const reading = readCron(request.cron, timezone);
  const input = (request.input ?? {}) as Record<string, unknown>;
  if (published?.input !== undefined) {
    const checked = validateWithUserSchema(published.input, input);
    if (!checked.valid) {
      const errors: ValidationError[] = checked.errors.map((e) => ({ ...e, path: `/input${e.path}` }));
      throw invalid(`the input does not satisfy the input schema of "${published.id}"`, errors, "invalid-input");
    }
  }
  const enabled = request.enabled ?? true;
  const catchUp = request.catchUp ?? { policy: "latest" };
  return {
    name: request.name ?? request.cron,
    cron: request.cron,
    timezone,
    input,
    enabled,
    overlap: request.overlap ?? "skip",
    catchUp: catchUp.policy,
    catchUpLimit: catchUp.policy === "all" ? (catchUp.limit ?? null) : null,
    nextDueAt: enabled ? (reading.nextAfter(now) ?? null) : null,
  };
}

/** The next due time of a schedule resumed now; 422 when its expression is never due again. */
export function nextDueFrom(row: Pick<ScheduleRow, "cron" | "timezone">, now: Date): Date | null {
  return readCron(row.cron, row.timezone).nextAfter(now) ?? null;
}

/** The next (up to) 5 due times of a schedule, from its next unfired one; none while paused. */
function nextDueOf(row: ScheduleRow): Schedule["nextDue"] {
  if (!row.enabled || !row.nextDueAt) return [];
  try {
    const later = readCron(row.cron, row.timezone).nextRuns(NEXT_DUE_COUNT - 1, row.nextDueAt);
    return [row.nextDueAt, ...later].map((d) => d.toISOString()) as Schedule["nextDue"];
  } catch {
    // An expression the parser no longer reads: the ticker records why in the last run.
    return [];
  }
}

export function presentSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    flowType: row.flowTypeId,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    input: row.input,
    enabled: row.enabled,
    overlap: row.overlap,
    catchUp: row.catchUpLimit === null ? { policy: row.catchUp } : { policy: row.catchUp, limit: row.catchUpLimit },
    nextDue: nextDueOf(row),
    lastRun: (row.lastRun as ScheduleRun | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}
