/**
 * A tenant's instances, newest first, a page at a time (keyset pagination on createdAt, id). One prepared
 * statement per combination of filters (statements.ts): each has its own fixed text, so PostgreSQL plans each
 * shape for what it filters on instead of one plan full of "or the parameter is null".
 */
import type { InstanceStatus, NodeError } from "@mfo/schemas";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { runStatement, toDate } from "../statements.js";
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
  /** Test runs of drafts: left out (the default), listed with the others, or listed alone. */
  test?: "exclude" | "include" | "only";
  after?: ListPosition;
  limit: number;
}

function summaryOf(row: Record<string, unknown>): InstanceSummaryRow {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    flowTypeId: row.flow_type_id as string,
    version: row.version as number,
    name: (row.name ?? null) as string | null,
    status: row.status as InstanceStatus,
    currentNodes: row.current_nodes as string[],
    rev: row.rev as number,
    parentId: (row.parent_id ?? null) as string | null,
    parentNodeId: (row.parent_node_id ?? null) as string | null,
    idempotencyKey: (row.idempotency_key ?? null) as string | null,
    lastError: (row.last_error ?? null) as NodeError | null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    finishedAt: row.finished_at === null || row.finished_at === undefined ? null : toDate(row.finished_at),
    testRevision: (row.test_revision ?? null) as number | null,
  };
}

/** One page of a tenant's instances (not soft-deleted); `next` is where the next page starts, null at the end. */
export async function listInstances(
  db: Db,
  filter: ListFilter,
): Promise<{ items: InstanceSummaryRow[]; next: ListPosition | null }> {
  const where: SQL[] = [sql`tenant_id = ${filter.tenantId}`, sql`deleted_at is null`];
  let shape = "";
  if (filter.status !== undefined) {
    where.push(sql`status = ${filter.status}`);
    shape += "s";
  }
  if (filter.flowType !== undefined) {
    where.push(sql`flow_type_id = ${filter.flowType}`);
    shape += "f";
  }
  if (filter.statuses !== undefined) {
    where.push(sql`status = any(${`{${filter.statuses.join(",")}}`}::text[])`);
    shape += "a";
  }
  // Each choice is its own statement text, so its own shape: the default (exclude) keeps the old name.
  const test = filter.test ?? "exclude";
  if (test === "exclude") where.push(sql`test_revision is null`);
  else if (test === "only") where.push(sql`test_revision is not null`);
  shape += test === "exclude" ? "" : test === "only" ? "t" : "i";
  if (filter.after !== undefined) {
    const at = filter.after.at.toISOString();
    where.push(
      sql`(created_at < ${at}::timestamptz or (created_at = ${at}::timestamptz and id < ${filter.after.id}::uuid))`,
    );
    shape += "c";
  }
  const rows = await runStatement(
    db,
    `mfo_list_instances${shape === "" ? "" : `_${shape}`}`,
    sql`select id, tenant_id, flow_type_id, version, name, status, current_nodes, rev, parent_id, parent_node_id,
        idempotency_key, last_error, created_at, updated_at, finished_at, test_revision
      from instances
      where ${sql.join(where, sql` and `)}
      -- Exactly the order of the instances_list index (DESC NULLS LAST): a plain DESC (nulls first) is another
      -- order to the planner, which then sorted a tenant's whole history instead of reading the index.
      order by created_at desc nulls last, id desc nulls last
      limit ${filter.limit + 1}::int`,
  );
  const items = rows.slice(0, filter.limit).map(summaryOf);
  const last = items.at(-1);
  return { items, next: rows.length > filter.limit && last ? { at: last.createdAt, id: last.id } : null };
}
