/** A tenant's instances, newest first, a page at a time (keyset pagination on createdAt, id). */
import type { InstanceStatus } from "@mfo/schemas";
import { and, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { instances } from "../schema.js";
import type { InstanceSummaryRow } from "./types.js";

/** Where a page starts: just after the instance with this createdAt and id (the previous page's last). */
export interface ListPosition {
  at: Date;
  id: string;
}

export interface ListFilter {
  tenantId: string;
  status?: InstanceStatus;
  flowType?: string;
  /** Only instances in one of these statuses. */
  statuses?: readonly InstanceStatus[];
  after?: ListPosition;
  limit: number;
}

/** One page of a tenant's instances (not soft-deleted); `next` is where the next page starts, null at the end. */
export async function listInstances(
  db: Db,
  filter: ListFilter,
): Promise<{ items: InstanceSummaryRow[]; next: ListPosition | null }> {
  const where: SQL[] = [eq(instances.tenantId, filter.tenantId), isNull(instances.deletedAt)];
  if (filter.status !== undefined) where.push(eq(instances.status, filter.status));
  if (filter.flowType !== undefined) where.push(eq(instances.flowTypeId, filter.flowType));
  if (filter.statuses !== undefined) where.push(inArray(instances.status, [...filter.statuses]));
  if (filter.after !== undefined) {
    const { at, id } = filter.after;
    where.push(or(lt(instances.createdAt, at), and(eq(instances.createdAt, at), lt(instances.id, id))) as SQL);
  }
  const rows = await db
    .select({
      id: instances.id,
      tenantId: instances.tenantId,
      flowTypeId: instances.flowTypeId,
      version: instances.version,
      name: instances.name,
      status: instances.status,
      currentNodes: instances.currentNodes,
      rev: instances.rev,
      parentId: instances.parentId,
      parentNodeId: instances.parentNodeId,
      idempotencyKey: instances.idempotencyKey,
      lastError: instances.lastError,
      createdAt: instances.createdAt,
      updatedAt: instances.updatedAt,
      finishedAt: instances.finishedAt,
    })
    .from(instances)
    .where(and(...where))
    // Exactly the order of the instances_list index (DESC NULLS LAST): a plain DESC (nulls first) is another
    // order to the planner, which then sorted a tenant's whole history instead of reading the index.
    .orderBy(sql`${instances.createdAt} desc nulls last`, sql`${instances.id} desc nulls last`)
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, lastError: r.lastError ?? null }));
  const last = items.at(-1);
  return { items, next: rows.length > filter.limit && last ? { at: last.createdAt, id: last.id } : null };
}
