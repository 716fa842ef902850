/**
 * Reading instances: one by id (with the timers due on it, for the worker), by idempotency key, its children,
 * how deep it sits under its parents.
 */
import type { InstanceStatus } from "@mfo/schemas";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { instances } from "../schema.js";
import { runStatement } from "../statements.js";
import { fromRow } from "./rows.js";
import type { DueTimer, InstanceRecord } from "./types.js";

/**
 * An instance (not soft-deleted) and, when `dueBy` is given, its timers due by then and not yet fired, oldest
 * first: one round trip for what the worker needs to start on a claimed instance.
 */
async function loadWithTimers(db: Db, id: string, dueBy: Date | null) {
  const [row] = await runStatement(
    db,
    "mfo_load_instance",
    sql`select i.id, i.tenant_id, i.flow_type_id, i.version, i.name, i.status, i.snapshot, i.context, i.current_nodes,
        i.rev, i.parent_id, i.parent_node_id, i.idempotency_key, i.last_error, i.created_at, i.updated_at,
        i.finished_at,
        (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'kind', t.kind, 'nodeId', t.node_id)
           order by t.due_at, t.id), '[]'::jsonb)
         from timers t
         where t.instance_id = i.id and t.fired_at is null and t.due_at <= ${dueBy?.toISOString() ?? null}::timestamptz)
        as due
      from instances i where i.id = ${id}::uuid and i.deleted_at is null`,
  );
  return row ? { record: fromRow(row), due: row.due as DueTimer[] } : undefined;
}

/** An instance that is not soft-deleted. */
export async function loadInstance(db: Db, id: string): Promise<InstanceRecord | undefined> {
  return (await loadWithTimers(db, id, null))?.record;
}

/** A claimed instance with the timers that woke it. */
export function loadDue(
  db: Db,
  id: string,
  now: Date,
): Promise<{ record: InstanceRecord; due: DueTimer[] } | undefined> {
  return loadWithTimers(db, id, now);
}

/** The instance a tenant created with this idempotency key, if any. */
export async function findByIdempotencyKey(db: Db, tenantId: string, key: string): Promise<InstanceRecord | undefined> {
  const [row] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.tenantId, tenantId), eq(instances.idempotencyKey, key)));
  return row ? loadInstance(db, row.id) : undefined;
}

/** The child instances (not soft-deleted) that subflow nodes of `parentId` started, with their status. */
export function childrenOf(db: Db, parentId: string): Promise<Array<{ id: string; status: InstanceStatus }>> {
  return db
    .select({ id: instances.id, status: instances.status })
    .from(instances)
    .where(and(eq(instances.parentId, parentId), isNull(instances.deletedAt)));
}

/**
 * How many parents an instance has above it (0: a client started it), counted up to `limit`. The engine asks
 * only when a subflow is about to start a child, so ordinary steps never pay for the walk.
 */
export async function subflowDepth(db: Db, id: string, limit: number): Promise<number> {
  const [row] = await runStatement(
    db,
    "mfo_subflow_depth",
    sql`with recursive chain (parent_id, depth) as (
        select parent_id, 0 from instances where id = ${id}::uuid
        union all
        select i.parent_id, c.depth + 1 from instances i join chain c on i.id = c.parent_id
        where c.depth < ${limit}::int
      )
      select max(depth) as depth from chain`,
  );
  return Number(row?.depth ?? 0);
}
