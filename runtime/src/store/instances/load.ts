/**
 * Reading instances: one by id, its children, how deep it sits under its parents. (The worker
 * gets a claimed instance and its due timers from the claim itself: claim.ts.)
 */
import type { InstanceStatus } from "@mfo/schemas";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { instances } from "../schema.js";
import { runStatement } from "../statements.js";
import { fromRow, instanceColumns } from "./rows.js";
import type { InstanceRecord } from "./types.js";

/** An instance that is not soft-deleted. */
export async function loadInstance(db: Db, id: string): Promise<InstanceRecord | undefined> {
  const [row] = await runStatement(
    db,
    "mfo_load_instance",
    sql`select ${instanceColumns("i")} from instances i where i.id = ${id}::uuid and i.deleted_at is null`,
  );
  return row ? fromRow(row) : undefined;
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
