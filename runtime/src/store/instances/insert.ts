/** Creating an instance: its row, first events, a "run now" timer and its audit row in one statement. */
import { sql } from "drizzle-orm";
import type { Executor } from "../database.js";
import { runStatement } from "../statements.js";
import { insertsAfter, json } from "./rows.js";
import type { AuditRow, NewInstance, NewTimer } from "./types.js";

/** Inserts a new instance with its first events, a "run now" timer and its audit row, in one statement. */
export async function insertInstance(db: Executor, created: NewInstance, now: Date, audited?: AuditRow): Promise<void> {
  const r = created.record;
  const run: NewTimer = { instanceId: r.id, kind: "run", nodeId: null, dueAt: now };
  await runStatement(
    db,
    "mfo_create",
    sql`
    with inserted as (
      insert into instances (id, tenant_id, flow_type_id, version, name, status, snapshot, context, current_nodes, rev,
        parent_id, parent_node_id, idempotency_key, last_error, created_at, updated_at, finished_at)
      values (${r.id}, ${r.tenantId}, ${r.flowTypeId}, ${r.version}, ${r.name}, ${r.status}, ${json(r.snapshot)}::jsonb,
        ${json(r.context)}::jsonb, ${json(r.currentNodes)}::jsonb, ${r.rev}, ${r.parentId}, ${r.parentNodeId},
        ${r.idempotencyKey}, ${json(r.lastError)}::jsonb, ${r.createdAt.toISOString()}::timestamptz,
        ${r.updatedAt.toISOString()}::timestamptz, ${r.finishedAt?.toISOString() ?? null}::timestamptz)
      returning id
    ),
    ${insertsAfter("inserted", r, { events: created.events, timers: [run], audit: audited })}
    select 1`,
  );
}
