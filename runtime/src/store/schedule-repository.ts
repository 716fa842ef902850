/**
 * A flow type's schedules as stored, and the ticker's leases on them. The row is its own timer: `next_due_at` is
 * the next due time not yet fired. A process claims due rows FOR UPDATE SKIP LOCKED with a short lease (so two
 * processes never fire one row at once and a process that died lets go when its lease lapses), fires, then
 * advances the row in a statement that only its lease owner's write passes.
 */
import { and, asc, eq, inArray, isNull, like, min, or, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { instances, schedules } from "./schema.js";

/** A schedule as stored. */
export type ScheduleRow = typeof schedules.$inferSelect;

/** What the last due time of a schedule did (the row's last_run). */
export interface ScheduleRunRecord {
  due: string;
  outcome: "started" | "skipped" | "failed";
  instanceId?: string | null;
  message?: string;
}

/** The settings of a schedule a create or replace writes. */
export type ScheduleFields = Pick<
  ScheduleRow,
  "name" | "cron" | "timezone" | "input" | "enabled" | "overlap" | "catchUp" | "catchUpLimit" | "nextDueAt"
>;

const key = (tenantId: string, flowTypeId: string, id: string) =>
  and(eq(schedules.tenantId, tenantId), eq(schedules.flowTypeId, flowTypeId), eq(schedules.id, id));

export async function insertSchedule(
  ex: Executor,
  row: ScheduleFields & { id: string; tenantId: string; flowTypeId: string; createdBy: string | null },
): Promise<ScheduleRow> {
  const [stored] = await ex
    .insert(schedules)
    .values({ ...row, updatedBy: row.createdBy })
    .returning();
  return stored as ScheduleRow;
}

/** A flow type's schedules, oldest first. */
export async function listSchedules(ex: Executor, tenantId: string, flowTypeId: string): Promise<ScheduleRow[]> {
  return ex
    .select()
    .from(schedules)
    .where(and(eq(schedules.tenantId, tenantId), eq(schedules.flowTypeId, flowTypeId)))
    .orderBy(asc(schedules.createdAt), asc(schedules.id));
}

export async function findSchedule(
  ex: Executor,
  tenantId: string,
  flowTypeId: string,
  id: string,
): Promise<ScheduleRow | undefined> {
  const [row] = await ex
    .select()
    .from(schedules)
    .where(key(tenantId, flowTypeId, id));
  return row;
}

/**
 * Changes a schedule's settings; undefined when there is no such schedule. A ticker's lease on the row is dropped,
 * so its advance (computed from the old settings) does not overwrite the change.
 */
export async function updateSchedule(
  ex: Executor,
  tenantId: string,
  flowTypeId: string,
  id: string,
  fields: Partial<ScheduleFields>,
  by: string | null,
): Promise<ScheduleRow | undefined> {
  const [row] = await ex
    .update(schedules)
    .set({ ...fields, leaseOwner: null, leaseUntil: null, updatedBy: by, updatedAt: sql`now()` })
    .where(key(tenantId, flowTypeId, id))
    .returning();
  return row;
}

/** Deletes a schedule; whether there was one. */
export async function deleteSchedule(ex: Executor, tenantId: string, flowTypeId: string, id: string) {
  const rows = await ex
    .delete(schedules)
    .where(key(tenantId, flowTypeId, id))
    .returning({ id: schedules.id });
  return rows.length > 0;
}

/**
 * Claims up to `limit` enabled schedules due by `now` whose lease is free or lapsed, earliest due first, and
 * leases them to `owner` until now + leaseMs, in one statement; rows another process is claiming are skipped.
 */
export async function claimDueSchedules(
  ex: Executor,
  owner: string,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ScheduleRow[]> {
  const at = now.toISOString();
  const due = ex
    .select({ id: schedules.id })
    .from(schedules)
    .where(
      and(
        eq(schedules.enabled, true),
        sql`${schedules.nextDueAt} <= ${at}::timestamptz`,
        or(isNull(schedules.leaseUntil), sql`${schedules.leaseUntil} < ${at}::timestamptz`),
      ),
    )
    .orderBy(asc(schedules.nextDueAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return ex
    .update(schedules)
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) })
    .where(inArray(schedules.id, due))
    .returning();
}

/**
 * Records what a claimed schedule's due times did and moves it to its next due time, releasing the lease; false
 * when the lease is no longer `owner`'s (it lapsed and another process took over, or the schedule was changed,
 * paused or deleted meanwhile: their write wins).
 */
export async function advanceSchedule(
  ex: Executor,
  id: string,
  owner: string,
  nextDueAt: Date | null,
  lastRun: ScheduleRunRecord | null,
): Promise<boolean> {
  const rows = await ex
    .update(schedules)
    .set({
      nextDueAt,
      leaseOwner: null,
      leaseUntil: null,
      ...(lastRun ? { lastRun: lastRun as unknown as Record<string, unknown> } : {}),
    })
    .where(and(eq(schedules.id, id), eq(schedules.leaseOwner, owner)))
    .returning({ id: schedules.id });
  return rows.length > 0;
}

/** The earliest due time of any enabled schedule (any tenant): how long the ticker may sleep. */
export async function earliestDue(ex: Executor): Promise<Date | undefined> {
  const [row] = await ex
    .select({ at: min(schedules.nextDueAt) })
    .from(schedules)
    .where(and(eq(schedules.enabled, true), sql`${schedules.nextDueAt} is not null`));
  return row?.at ?? undefined;
}

/** The idempotency key of the instance a schedule's due time starts. */
export function scheduleInstanceKey(scheduleId: string, due: Date): string {
  return `schedule:${scheduleId}:${due.toISOString()}`;
}

/**
 * The instances a schedule started that have not ended (running, waiting, paused or quarantined), found by their
 * idempotency key's prefix: what the overlap policy looks at.
 */
export async function activeScheduleInstances(
  ex: Executor,
  tenantId: string,
  scheduleId: string,
): Promise<{ id: string; key: string | null }[]> {
  return ex
    .select({ id: instances.id, key: instances.idempotencyKey })
    .from(instances)
    .where(
      and(
        eq(instances.tenantId, tenantId),
        inArray(instances.status, ["running", "waiting", "paused", "quarantined"]),
        isNull(instances.deletedAt),
        like(instances.idempotencyKey, `schedule:${scheduleId}:%`),
      ),
    );
}
