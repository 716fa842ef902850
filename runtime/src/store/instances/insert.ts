/**
 * Creating an instance: its row, events, timers, phase runs, node attempts and audit row in one statement. A client's create
 * writes the instance as it stands after the pure steps it ran in memory (engine/create-instance.ts), so an
 * all-pure flow is created, run and finished by this one statement; a subflow's child is written as started,
 * with a "run now" timer, in its parent's transaction.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../database.js";
import { runStatement } from "../statements.js";
import { attemptsAfter, insertsAfter, json, phaseRunsAfter } from "./rows.js";
import type { AuditRow, InstanceStart, NewInstance } from "./types.js";

/** Inserts a new instance with everything its start wrote, in one statement (a unique key violated: none of it). */
export async function insertStartedInstance(db: Executor, start: InstanceStart): Promise<void> {
  const r = start.record;
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
    ${insertsAfter("inserted", r, { events: start.events, timers: start.timers, audit: start.audit })},
    ${phaseRunsAfter("inserted", r, start.phaseRuns)},
    ${attemptsAfter("inserted", r, start.attempts)}
    select 1`,
  );
}

/** Inserts a new instance as started (nothing run yet) with its first events and a "run now" timer. */
export async function insertInstance(db: Executor, created: NewInstance, now: Date, audited?: AuditRow): Promise<void> {
  await insertStartedInstance(db, {
    ...created,
    timers: [{ instanceId: created.record.id, kind: "run", nodeId: null, dueAt: now }],
    phaseRuns: [],
    attempts: created.attempts ?? [],
    ...(audited ? { audit: audited } : {}),
  });
}
