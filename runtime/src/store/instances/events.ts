/**
 * An instance's history: the whole of it for GET /flows/:id/events, and what follows a seq for live streams.
 * Prepared statements (statements.ts): these are read on every stream wake-up and history page.
 */
import type { InstanceStatus } from "@mfo/schemas";
import { sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { runStatement, toDate } from "../statements.js";
import type { EventRow } from "./types.js";

const EVENT_COLUMNS = sql.raw("id, instance_id, tenant_id, seq, type, node_id, at, data");

/** An events row as a raw statement returns it (snake_case columns; id a bigint, which pg hands over as text). */
function eventOf(row: Record<string, unknown>): EventRow {
  return {
    id: Number(row.id),
    instanceId: row.instance_id as string,
    tenantId: row.tenant_id as string,
    seq: row.seq as number,
    type: row.type as string,
    nodeId: (row.node_id ?? null) as string | null,
    at: toDate(row.at),
    data: (row.data ?? null) as Record<string, unknown> | null,
  };
}

/** Every event of an instance, in order. */
export async function eventsOf(db: Db, instanceId: string): Promise<EventRow[]> {
  const rows = await runStatement(
    db,
    "mfo_events_of",
    sql`select ${EVENT_COLUMNS} from events where instance_id = ${instanceId}::uuid order by seq`,
  );
  return rows.map(eventOf);
}

/** Up to `limit` events of a tenant's instance after seq `after`, in order. */
export async function eventsAfter(
  db: Db,
  tenantId: string,
  instanceId: string,
  after: number,
  limit: number,
): Promise<EventRow[]> {
  const rows = await runStatement(
    db,
    "mfo_events_after",
    sql`select ${EVENT_COLUMNS} from events
      where instance_id = ${instanceId}::uuid and tenant_id = ${tenantId} and seq > ${after}::int
      order by seq limit ${limit}::int`,
  );
  return rows.map(eventOf);
}

/** A tenant's instance's status, or "deleted" when it was soft-deleted or never existed. */
export async function statusOrDeleted(
  db: Db,
  tenantId: string,
  instanceId: string,
): Promise<InstanceStatus | "deleted"> {
  const [row] = await runStatement(
    db,
    "mfo_status_or_deleted",
    sql`select status from instances
      where id = ${instanceId}::uuid and tenant_id = ${tenantId} and deleted_at is null`,
  );
  return row ? (row.status as InstanceStatus) : "deleted";
}
