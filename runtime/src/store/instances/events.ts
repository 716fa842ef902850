/** An instance's history: the whole of it for GET /flows/:id/events, and what follows a seq for live streams. */
import type { InstanceStatus } from "@mfo/schemas";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../database.js";
import { events, instances } from "../schema.js";
import type { EventRow } from "./types.js";

/** Every event of an instance, in order. */
export function eventsOf(db: Db, instanceId: string): Promise<EventRow[]> {
  return db.select().from(events).where(eq(events.instanceId, instanceId)).orderBy(asc(events.seq));
}

/** Up to `limit` events of a tenant's instance after seq `after`, in order. */
export function eventsAfter(
  db: Db,
  tenantId: string,
  instanceId: string,
  after: number,
  limit: number,
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.instanceId, instanceId), eq(events.tenantId, tenantId), gt(events.seq, after)))
    .orderBy(asc(events.seq))
    .limit(limit);
}

/** A tenant's instance's status, or "deleted" when it was soft-deleted or never existed. */
export async function statusOrDeleted(
  db: Db,
  tenantId: string,
  instanceId: string,
): Promise<InstanceStatus | "deleted"> {
  const [row] = await db
    .select({ status: instances.status, deletedAt: instances.deletedAt })
    .from(instances)
    .where(and(eq(instances.id, instanceId), eq(instances.tenantId, tenantId)));
  return !row || row.deletedAt ? "deleted" : row.status;
}
