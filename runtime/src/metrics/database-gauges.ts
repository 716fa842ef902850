/**
 * Gauges read from the database at scrape time, so every runtime process sharing one PostgreSQL reports the
 * same truth: instances by tenant and status, and the queue lag (how late the oldest due work is). Both are
 * single cheap queries on existing indexes; a failing query leaves its gauge empty for that scrape, so the
 * process metrics still come through when the database does not.
 */
import { INSTANCE_STATUSES, type InstanceStatus } from "@mfo/schemas";
import { and, asc, count, eq, exists, isNull, lte, sql } from "drizzle-orm";
import { Gauge, type Registry } from "prom-client";
import type { Db } from "../store/database.js";
import { instances, timers } from "../store/schema.js";

export interface DatabaseGaugeOptions {
  db: Db;
  now: () => Date;
  onError: (error: unknown) => void;
}

/** Instances per tenant and status (every status of a tenant that has instances, zeros included). */
async function countInstances(db: Db): Promise<Map<string, Map<InstanceStatus, number>>> {
  // Soft-deleted instances count too: deleting hides an instance from the API, not from the statistics (and
  // the filter would cost the index-only scan of instances_status).
  const rows = await db
    .select({ tenant: instances.tenantId, status: instances.status, n: count() })
    .from(instances)
    .groupBy(instances.tenantId, instances.status);
  const byTenant = new Map<string, Map<InstanceStatus, number>>();
  for (const row of rows) {
    const statuses = byTenant.get(row.tenant) ?? new Map(INSTANCE_STATUSES.map((s) => [s, 0]));
    byTenant.set(row.tenant, statuses.set(row.status, row.n));
  }
  return byTenant;
}

/**
 * Seconds since the oldest due, unfired timer of a running instance fell due (0 when none is due). Timers of
 * ended or paused instances are skipped: nothing will fire them, and they say nothing about the workers.
 * Walks the timers_due index oldest first and stops at the first timer that belongs to a running instance.
 */
async function queueLagSeconds(db: Db, now: Date): Promise<number> {
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
  return oldest ? Math.max(0, now.getTime() - oldest.dueAt.getTime()) / 1000 : 0;
}

export function registerDatabaseGauges(registry: Registry, options: DatabaseGaugeOptions): void {
  const { db, now, onError } = options;
  new Gauge({
    name: "mfo_instances",
    help: "Flow instances by tenant and status, read from the database at scrape time.",
    labelNames: ["tenant", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const [tenant, statuses] of await countInstances(db))
          for (const [status, n] of statuses) this.set({ tenant, status }, n);
      } catch (error) {
        onError(error);
      }
    },
  });
  new Gauge({
    name: "mfo_queue_lag_seconds",
    help: "How late work is: seconds since the oldest due, unfired timer of a running instance fell due.",
    registers: [registry],
    async collect() {
      this.reset();
      try {
        this.set(await queueLagSeconds(db, now()));
      } catch (error) {
        onError(error);
      }
    },
  });
}
