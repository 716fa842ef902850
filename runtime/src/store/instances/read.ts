/**
 * The API's reads of one instance: the whole record (GET /flows/:id, the stream's and operator routes' tenant
 * check), its status (GET /flows/:id/status, the hottest read), and the one a tenant created with an idempotency
 * key. Each is one prepared statement (statements.ts) scoped to the tenant, so another tenant's instance reads as
 * missing without a second look.
 */
import type { InstanceStatus, NodeError } from "@mfo/schemas";
import { sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { runStatement, toDate } from "../statements.js";
import { fromRow, instanceColumns } from "./rows.js";
import type { InstanceRecord } from "./types.js";

const RECORD_COLUMNS = instanceColumns("instances");

/** A tenant's instance (not soft-deleted), whole. */
export async function readInstance(db: Db, tenantId: string, id: string): Promise<InstanceRecord | undefined> {
  const [row] = await runStatement(
    db,
    "mfo_read_instance",
    sql`select ${RECORD_COLUMNS} from instances
      where id = ${id}::uuid and tenant_id = ${tenantId} and deleted_at is null`,
  );
  return row ? fromRow(row) : undefined;
}

/** The instance a tenant created with this idempotency key (not soft-deleted), if any: one statement. */
export async function findByIdempotencyKey(db: Db, tenantId: string, key: string): Promise<InstanceRecord | undefined> {
  const [row] = await runStatement(
    db,
    "mfo_read_by_idempotency_key",
    sql`select ${RECORD_COLUMNS} from instances
      where tenant_id = ${tenantId} and idempotency_key = ${key} and deleted_at is null`,
  );
  return row ? fromRow(row) : undefined;
}

/** What GET /flows/:id/status shows of an instance, and what its progress is counted from. */
export interface StatusRow {
  id: string;
  flowTypeId: string;
  version: number;
  status: InstanceStatus;
  currentNodes: string[];
  lastError: NodeError | null;
  updatedAt: Date;
  /** Ids of the nodes whose phase record says completed (context.phases). */
  completedNodes: string[];
  /** Set on a test run of a draft: the test revision it runs. */
  testRevision: number | null;
}

/**
 * A tenant's instance's status (not soft-deleted). Neither the snapshot nor the context travels: only the ids of
 * the completed nodes are taken out of the context, by PostgreSQL, for the progress count.
 */
export async function readStatus(db: Db, tenantId: string, id: string): Promise<StatusRow | undefined> {
  const [row] = await runStatement(
    db,
    "mfo_read_status",
    sql`select id, flow_type_id, version, status, current_nodes, last_error, updated_at, test_revision,
        (select coalesce(jsonb_agg(p.key), '[]'::jsonb) from jsonb_each(context -> 'phases') as p
          where p.value ->> 'status' = 'completed') as completed
      from instances
      where id = ${id}::uuid and tenant_id = ${tenantId} and deleted_at is null`,
  );
  if (!row) return undefined;
  return {
    id: row.id as string,
    flowTypeId: row.flow_type_id as string,
    version: row.version as number,
    status: row.status as InstanceStatus,
    currentNodes: row.current_nodes as string[],
    lastError: (row.last_error ?? null) as NodeError | null,
    updatedAt: toDate(row.updated_at),
    completedNodes: row.completed as string[],
    testRevision: (row.test_revision ?? null) as number | null,
  };
}
