/**
 * The pieces the instance statements share: a raw row as a record, and the CTEs that insert a change's events,
 * timers and audit row. Each table's rows travel as ONE jsonb parameter unpacked by jsonb_to_recordset: the
 * statement text and its parameter count stay the same whatever a step wrote (the query builder's cost grew with
 * every value, and it dominated the profile), and both PostgreSQL and PGlite take it as it is.
 */
import type { InstanceContext, InstanceStatus, NodeError } from "@mfo/schemas";
import { sql } from "drizzle-orm";
import type { PersistedState } from "../../compiler/machine-state.js";
import { toDate } from "../statements.js";
import type { AuditRow, InstanceRecord, NewEvent, NewNodeAttempt, NewPhaseRun, NewTimer } from "./types.js";

/** An instance row as the raw load statement returns it (snake_case columns). */
export function fromRow(row: Record<string, unknown>): InstanceRecord {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    flowTypeId: row.flow_type_id as string,
    version: row.version as number,
    name: row.name as string | null,
    status: row.status as InstanceStatus,
    snapshot: row.snapshot as PersistedState,
    context: row.context as InstanceContext,
    currentNodes: row.current_nodes as string[],
    rev: row.rev as number,
    parentId: row.parent_id as string | null,
    parentNodeId: row.parent_node_id as string | null,
    idempotencyKey: row.idempotency_key as string | null,
    lastError: (row.last_error ?? null) as NodeError | null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    finishedAt: row.finished_at === null ? null : toDate(row.finished_at),
    testRevision: (row.test_revision ?? null) as number | null,
  };
}

/** The columns fromRow() reads, of the instances table under `alias`. */
export function instanceColumns(alias: string) {
  const columns = [
    "id",
    "tenant_id",
    "flow_type_id",
    "version",
    "name",
    "status",
    "snapshot",
    "context",
    "current_nodes",
    "rev",
    "parent_id",
    "parent_node_id",
    "idempotency_key",
    "last_error",
    "created_at",
    "updated_at",
    "finished_at",
    "test_revision",
  ];
  return sql.raw(columns.map((c) => `${alias}.${c}`).join(", "));
}

/**
 * The timers of the instance under `alias` due by `dueBy` and not yet fired, oldest first, as a jsonb array of
 * DueTimer (empty when `dueBy` is null; an "event" timer with its payload): what the worker fires when it starts on
 * the instance.
 */
export function dueTimersOf(alias: string, dueBy: Date | null) {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'kind', t.kind, 'nodeId', t.node_id)
      || case when t.payload is null then '{}'::jsonb else jsonb_build_object('payload', t.payload) end
      order by t.due_at, t.id), '[]'::jsonb)
    from timers t
    where t.instance_id = ${sql.raw(alias)}.id and t.fired_at is null
      and t.due_at <= ${dueBy?.toISOString() ?? null}::timestamptz)`;
}

/** A value as a jsonb parameter (null stays SQL null). */
export const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const eventRows = (list: readonly NewEvent[]) =>
  JSON.stringify(list.map((e) => ({ seq: e.seq, type: e.type, node_id: e.nodeId, at: e.at, data: e.data })));

const timerRows = (list: readonly NewTimer[]) =>
  JSON.stringify(list.map((t) => ({ instance_id: t.instanceId, kind: t.kind, node_id: t.nodeId, due_at: t.dueAt })));

const auditRows = (row: AuditRow | undefined) =>
  JSON.stringify(
    row
      ? [
          {
            tenant_id: row.actor.tenantId,
            actor_key_id: row.actor.actorKeyId,
            request_id: row.actor.requestId,
            action: row.action,
            target: row.target,
            detail: row.detail ?? null,
          },
        ]
      : [],
  );

const phaseRunRows = (list: readonly NewPhaseRun[]) =>
  JSON.stringify(
    list.map((run) => ({
      node_id: run.nodeId,
      status: run.status,
      attempts: run.attempts,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      duration_ms: Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime()),
    })),
  );

/** Inserts the phase runs of a change (CTE new_runs), when `guard` (a CTE name) returned a row. */
export function phaseRunsAfter(
  guard: string,
  instance: { id: string; tenantId: string; flowTypeId: string; testRevision: number | null },
  runs: readonly NewPhaseRun[],
) {
  // A test run of a draft stays out of analytics: its phase runs are not written (cheaper than a join there).
  if (instance.testRevision !== null) runs = [];
  return sql`
    new_runs as (
      insert into phase_runs (tenant_id, instance_id, flow_type_id, node_id, status, attempts, started_at, finished_at,
        duration_ms)
      select ${instance.tenantId}, ${instance.id}::uuid, ${instance.flowTypeId}, r.node_id, r.status, r.attempts,
        r.started_at, r.finished_at, r.duration_ms
      from jsonb_to_recordset(${phaseRunRows(runs)}::jsonb)
        as r(node_id text, status text, attempts integer, started_at timestamptz, finished_at timestamptz, duration_ms integer)
      where ${sql.raw(`exists (select 1 from ${guard})`)}
    )`;
}

const attemptRows = (list: readonly NewNodeAttempt[]) =>
  JSON.stringify(
    list.map((a) => ({
      node_id: a.nodeId,
      run: a.run,
      attempt: a.attempt,
      status: a.status,
      started_seq: a.startedSeq,
      finished_seq: a.finishedSeq,
      started_at: a.startedAt,
      finished_at: a.finishedAt,
      idempotency_key: a.idempotencyKey,
      input: a.input ?? null,
      output: a.output ?? null,
      validators: a.validators,
      logs: a.logs,
      logs_truncated: a.logsTruncated,
      error: a.error,
      detail: a.detail,
    })),
  );

/** Inserts the node attempts of a change (CTE new_attempts), when `guard` (a CTE name) returned a row. */
export function attemptsAfter(
  guard: string,
  instance: { id: string; tenantId: string },
  attempts: readonly NewNodeAttempt[] | undefined,
) {
  return sql`
    new_attempts as (
      insert into node_attempts (tenant_id, instance_id, node_id, run, attempt, status, started_seq, finished_seq,
        started_at, finished_at, idempotency_key, input, output, validators, logs, logs_truncated, error, detail)
      select ${instance.tenantId}, ${instance.id}::uuid, a.node_id, a.run, a.attempt, a.status, a.started_seq,
        a.finished_seq, a.started_at, a.finished_at, a.idempotency_key, a.input, a.output, a.validators, a.logs,
        a.logs_truncated, a.error, a.detail
      from jsonb_to_recordset(${attemptRows(attempts ?? [])}::jsonb)
        as a(node_id text, run integer, attempt integer, status text, started_seq integer, finished_seq integer,
          started_at timestamptz, finished_at timestamptz, idempotency_key text, input jsonb, output jsonb,
          validators jsonb, logs jsonb, logs_truncated boolean, error jsonb, detail jsonb)
      where ${sql.raw(`exists (select 1 from ${guard})`)}
    )`;
}

/** Inserts the events, timers and audit rows of a change, when `guard` (a CTE name) returned a row. */
export function insertsAfter(
  guard: string,
  instance: { id: string; tenantId: string },
  added: { events: readonly NewEvent[]; timers: readonly NewTimer[]; audit: AuditRow | undefined },
) {
  const when = sql.raw(`exists (select 1 from ${guard})`);
  return sql`
    new_events as (
      insert into events (instance_id, tenant_id, seq, type, node_id, at, data)
      select ${instance.id}::uuid, ${instance.tenantId}, e.seq, e.type, e.node_id, e.at, e.data
      from jsonb_to_recordset(${eventRows(added.events)}::jsonb) as e(seq integer, type text, node_id text, at timestamptz, data jsonb)
      where ${when}
    ),
    new_timers as (
      insert into timers (instance_id, tenant_id, kind, node_id, due_at)
      select t.instance_id, ${instance.tenantId}, t.kind, t.node_id, t.due_at
      from jsonb_to_recordset(${timerRows(added.timers)}::jsonb) as t(instance_id uuid, kind text, node_id text, due_at timestamptz)
      where ${when}
    ),
    new_audit as (
      insert into audit (tenant_id, actor_key_id, request_id, action, target, outcome, detail)
      select a.tenant_id, a.actor_key_id, a.request_id, a.action, a.target, 'ok', a.detail
      from jsonb_to_recordset(${auditRows(added.audit)}::jsonb)
        as a(tenant_id text, actor_key_id uuid, request_id text, action text, target text, detail jsonb)
      where ${when}
    )`;
}
