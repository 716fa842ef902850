/**
 * Gauges read from the database at scrape time, so every runtime process sharing one PostgreSQL reports the
 * same truth: instances by tenant and status, and the queue lag (how late the oldest due work is). Both are
 * single cheap queries on existing indexes; a failing query leaves its gauge empty for that scrape, so the
 * process metrics still come through when the database does not.
 */
import { INSTANCE_STATUSES, type InstanceStatus } from "@mfo/schemas";
import { Gauge, type Registry } from "prom-client";
import type { Db } from "../store/database.js";
import { instanceCounts, oldestDueTimer } from "../store/instances/index.js";

export interface DatabaseGaugeOptions {
  db: Db;
  now: () => Date;
  onError: (error: unknown) => void;
}

/** Instances per tenant and status (every status of a tenant that has instances, zeros included). */
async function countInstances(db: Db): Promise<Map<string, Map<InstanceStatus, number>>> {
  const byTenant = new Map<string, Map<InstanceStatus, number>>();
  for (const row of await instanceCounts(db)) {
    const statuses = byTenant.get(row.tenant) ?? new Map(INSTANCE_STATUSES.map((s) => [s, 0]));
    byTenant.set(row.tenant, statuses.set(row.status, row.n));
  }
  return byTenant;
}

/** Seconds since the oldest due, unfired timer of a running instance fell due (0 when none is due). */
async function queueLagSeconds(db: Db, now: Date): Promise<number> {
  const dueAt = await oldestDueTimer(db, now);
  return dueAt ? Math.max(0, now.getTime() - dueAt.getTime()) / 1000 : 0;
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
