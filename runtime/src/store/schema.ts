/**
 * The runtime's database schema: the one place tables are described (drizzle-orm, PostgreSQL dialect; the same
 * schema runs on the embedded PGlite and on a real PostgreSQL). Migrations in runtime/migrations are generated
 * from it by drizzle-kit (`npm run db:generate -w runtime`). JSON columns are typed with @mfo/schemas types.
 *
 * The work queue is two tables, no broker: an instance row (status, XState snapshot, flow context, a revision
 * counter checked on every commit, and a lease while a process works on it) and timer rows (due times for wait
 * nodes, retry backoff, and "run now" wake-ups), which any number of runtime processes claim with
 * FOR UPDATE SKIP LOCKED.
 */
import type { FlowDefinition, InstanceContext, InstanceStatus, NodeError, Role } from "@mfo/schemas";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tenantId } from "./columns.js";

export type { Role };
export type TimerKind = "run" | "wait" | "retry" | "subflow" | "event";
export type AuditOutcome = "ok" | "denied" | "failed";

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantId(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    /** SHA-256 of the key, hex; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    /** The key's first characters, so people can tell their keys apart. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash)],
);

export const flowTypes = pgTable(
  "flow_types",
  {
    tenantId: tenantId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    latestVersion: integer("latest_version"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set while archived: out of the list, no new instances; publishing or a draft save clears it. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const flowVersions = pgTable(
  "flow_versions",
  {
    tenantId: text("tenant_id").notNull(),
    flowTypeId: text("flow_type_id").notNull(),
    version: integer("version").notNull(),
    // json, not jsonb: the definition keeps its keys in the author's order (forms follow the input schema's
    // property order) and its text as published.
    definition: json("definition").$type<FlowDefinition>().notNull(),
    /** SHA-256 of the canonical definition without `version`: publishing the same flow twice is a no-op. */
    hash: text("hash").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flowTypeId, t.version] })],
);

export const flowDrafts = pgTable(
  "flow_drafts",
  {
    tenantId: text("tenant_id").notNull(),
    flowTypeId: text("flow_type_id").notNull(),
    /** As the architect saved it, keys in their order; may be invalid. */
    definition: json("definition").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flowTypeId] })],
);

export const instances = pgTable(
  "instances",
  {
    id: uuid("id").primaryKey(),
    tenantId: tenantId(),
    flowTypeId: text("flow_type_id").notNull(),
    version: integer("version").notNull(),
    name: text("name"),
    status: text("status").$type<InstanceStatus>().notNull(),
    /** XState persisted snapshot of the compiled machine: where the instance is. */
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    /** What expressions see: { input, phases, vars }. */
    context: jsonb("context").$type<InstanceContext>().notNull(),
    /** Node ids the instance is at, kept beside the snapshot for lists and status. */
    currentNodes: jsonb("current_nodes").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Bumped by every commit; a commit whose expected revision is stale loses (409), never overwrites. */
    rev: integer("rev").notNull().default(0),
    parentId: uuid("parent_id"),
    parentNodeId: text("parent_node_id"),
    idempotencyKey: text("idempotency_key"),
    lastError: jsonb("last_error").$type<NodeError>(),
    /** The process working on the instance and until when; an expired lease may be taken over. */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /**
     * Set on a test run of an unpublished draft: the test revision (test_revisions) the instance is pinned to
     * instead of a published version. Test runs stay out of analytics and the default list, and are removed after
     * MFO_TEST_RUN_RETENTION.
     */
    testRevision: integer("test_revision"),
  },
  (t) => [
    uniqueIndex("instances_idempotency").on(t.tenantId, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index("instances_list").on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    index("instances_status").on(t.tenantId, t.status),
    index("instances_parent").on(t.parentId),
    index("instances_analytics").on(t.tenantId, t.createdAt, t.flowTypeId, t.status, t.finishedAt),
    // The worker's claim looks only at live instances: this keeps it as fast with a million finished ones stored.
    index("instances_running").on(t.leaseUntil).where(sql`${t.status} = 'running' and ${t.deletedAt} is null`),
  ],
);

export const events = pgTable(
  "events",
  {
    /** Global order, for resumable streams (Last-Event-ID). */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    instanceId: uuid("instance_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    /** Position in the instance's own history, from 1. */
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    nodeId: text("node_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    data: jsonb("data").$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex("events_instance_seq").on(t.instanceId, t.seq)],
);

export const timers = pgTable(
  "timers",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    instanceId: uuid("instance_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    nodeId: text("node_id"),
    kind: text("kind").$type<TimerKind>().notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }),
    createdAt: createdAt(),
    /** kind "event": the correlated event delivered to the wait node (POST /events), merged under the node id. */
    payload: jsonb("payload"),
  },
  (t) => [index("timers_due").on(t.dueAt).where(sql`${t.firedAt} is null`), index("timers_instance").on(t.instanceId)],
);

export const audit = pgTable(
  "audit",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text("tenant_id"),
    actorKeyId: uuid("actor_key_id"),
    action: text("action").notNull(),
    target: text("target"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    requestId: text("request_id"),
    outcome: text("outcome").$type<AuditOutcome>().notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    /**
     * Rows counted rather than repeated share a bucket (auth.failed: client address and minute): the first
     * writes the row, the rest add to its detail.count. null: an ordinary row.
     */
    bucket: text("bucket"),
  },
  (t) => [
    index("audit_tenant_id").on(t.tenantId, t.id.desc()),
    uniqueIndex("audit_bucket").on(t.bucket).where(sql`${t.bucket} is not null`),
    index("audit_tenant_action").on(t.tenantId, t.action, t.id.desc()),
    index("audit_tenant_target").on(t.tenantId, t.target, t.id.desc()),
  ],
);

/**
 * One row per finished phase run (completed or failed for good), written in the commit that finishes it: what
 * analytics reads for per-phase durations without unpacking every instance's context.
 */
export const phaseRuns = pgTable(
  "phase_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text("tenant_id").notNull(),
    instanceId: uuid("instance_id").notNull(),
    flowTypeId: text("flow_type_id").notNull(),
    nodeId: text("node_id").notNull(),
    status: text("status").$type<"completed" | "failed">().notNull(),
    attempts: integer("attempts").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("phase_runs_analytics").on(t.tenantId, t.finishedAt, t.flowTypeId, t.nodeId, t.status, t.durationMs)],
);

/**
 * What each attempt of a node did, for the run view's node panel and time travel (one row per attempt of a phase
 * or subflow, per decision taken, approval decided, wait fired, and one for the start node holding the input),
 * written in the commit that records the attempt's outcome. `input`, `output` and `detail` keep sensitive values
 * sealed as the instance context does; logs are bounded per attempt.
 */
export const nodeAttempts = pgTable(
  "node_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text("tenant_id").notNull(),
    instanceId: uuid("instance_id").notNull(),
    nodeId: text("node_id").notNull(),
    /** Which time the node was entered (a loop enters a node again), from 1. */
    run: integer("run").notNull(),
    /** The attempt within that run, from 1 (always 1 for nodes that do not retry). */
    attempt: integer("attempt").notNull(),
    status: text("status").$type<NodeAttemptStatus>().notNull(),
    /** The seq of the event that started the attempt (node.started, node.entered), when there is one. */
    startedSeq: integer("started_seq"),
    /** The seq of the event that records its outcome (node.completed, node.failed, node.retrying, ...). */
    finishedSeq: integer("finished_seq").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
    idempotencyKey: text("idempotency_key"),
    /** Phases: the params after "=" expressions. Start node: null. */
    input: jsonb("input"),
    /** Phases and subflows: the output; start node: the instance input; approvals: the decision. */
    output: jsonb("output"),
    /** [{ type, ok, message? }] for each validator that ran. */
    validators: jsonb("validators").$type<Record<string, unknown>[]>(),
    /** [{ at, level, message, fields? }], at most 100 lines / 64 KB per attempt. */
    logs: jsonb("logs").$type<Record<string, unknown>[]>(),
    logsTruncated: boolean("logs_truncated").notNull().default(false),
    error: jsonb("error").$type<NodeError>(),
    /** Kind-specific: decision { edge, conditions }, approval { decision, comment, by }, wait { dueAt, firedAt }. */
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("node_attempts_instance").on(t.instanceId, t.nodeId, t.id)],
);

export type NodeAttemptStatus = "completed" | "failed" | "retrying" | "interrupted";

/**
 * A draft as it was test-run: the exact definition a test instance is pinned to (instances.test_revision), so a
 * later edit of the draft never changes a run already made. Removed with the last test instance using it.
 */
export const testRevisions = pgTable(
  "test_revisions",
  {
    tenantId: text("tenant_id").notNull(),
    flowTypeId: text("flow_type_id").notNull(),
    revision: integer("revision").notNull(),
    definition: json("definition").$type<FlowDefinition>().notNull(),
    /** SHA-256 of the canonical definition: test-running the same draft twice reuses its revision. */
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    createdBy: uuid("created_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flowTypeId, t.revision] })],
);

// The tables of triggers and secrets (schedules, webhooks, secrets, correlated events) live beside this file.
export * from "./trigger-tables.js";
