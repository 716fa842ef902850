/**
 * What the database gauges of /metrics read at scrape time: instances per tenant and status, and the oldest due,
 * unfired timer of a running instance. Both are single cheap queries on existing indexes.
 */
import type { InstanceStatus } from "@mfo/schemas";
import { and, asc, count, eq, exists, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../database.js";
import { instances, timers } from "../schema.js";

/** How many instances each tenant has in each status it has any in. */
export async function instanceCounts(
  db: Executor,
): Promise<Array<{ tenant: string; status: InstanceStatus; n: number }>> {
  // Soft-deleted instances count too: deleting hides an instance from the API, not from the statistics (and
  // the filter would cost the index-only scan of instances_status).
  return db
    .select({ tenant: instances.tenantId, status: instances.status, n: count() })
    .from(instances)
    .groupBy(instances.tenantId, instances.status);
}

/**
 * When the oldest due (at `now`), unfired timer of a running instance fell due; undefined when none is due.
 * Timers of ended or paused instances are skipped: nothing will fire them, and they say nothing about the
 * workers. Walks the timers_due index oldest first and stops at the first timer of a running instance.
 */
export async function oldestDueTimer(db: Executor, now: Date): Promise<Date | undefined> {
  const live = db
    .select({ one: sql`1` })
    .from(instances)
    .where(and(eq(instances.id, timers.instanceId), eq(instances.status, "running"), isNull(instances.deletedAt)));
  const [oldest] = await db
    .select({ dueAt: timers.dueAt })
    .from(timers)
    .where(and(isNull(timers.firedAt), lte(timers.dueAt, now), exists(live)))
    .orderBy(asc(timers.dueAt))
    .limit(1);
  return oldest?.dueAt;
}
