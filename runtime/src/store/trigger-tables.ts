/**
 * The tables of what starts or wakes instances from outside (schedules, webhooks, correlated events) and of the
 * tenant's secrets. Part of the runtime's one schema (re-exported by schema.ts, which drizzle-kit reads).
 */
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

export type ScheduleOverlap = "skip" | "allow" | "cancel-previous";
export type ScheduleCatchUp = "none" | "latest" | "all";

/**
 * A flow type's schedules (cron, IANA time zone, input). The row is its own timer: `next_due_at` is the next due
 * time, claimed FOR UPDATE SKIP LOCKED (with a lease, like an instance) by whichever runtime process gets there
 * first; the instance a due time starts has the idempotency key `schedule:<id>:<due time ISO>`, so a due time
 * starts at most one instance however many processes race or crash between the create and the advance.
 */
export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey(),
    tenantId: tenantId(),
    flowTypeId: text("flow_type_id").notNull(),
    name: text("name").notNull(),
    /** Five fields, or six with seconds first (croner syntax). */
    cron: text("cron").notNull(),
    /** IANA time zone the cron expression is read in, e.g. Europe/Berlin. */
    timezone: text("timezone").notNull(),
    input: json("input").$type<Record<string, unknown>>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    overlap: text("overlap").$type<ScheduleOverlap>().notNull(),
    catchUp: text("catch_up").$type<ScheduleCatchUp>().notNull(),
    /** catch_up "all": at most this many missed due times are fired after downtime. */
    catchUpLimit: integer("catch_up_limit"),
    /** The next due time not yet fired; null while paused. */
    nextDueAt: timestamp("next_due_at", { withTimezone: true }),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** What the last due time did: { due, outcome: started | skipped | failed, instanceId?, message? }. */
    lastRun: jsonb("last_run").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    createdBy: uuid("created_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    index("schedules_flow_type").on(t.tenantId, t.flowTypeId),
    index("schedules_due").on(t.nextDueAt).where(sql`${t.enabled} and ${t.nextDueAt} is not null`),
  ],
);

/**
 * A flow type's webhooks: POST /hooks/<id> starts an instance. The id is random and unguessable; the hook
 * authenticates its caller with a secret of the secrets store (a token, or an HMAC over the raw body).
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    flowTypeId: text("flow_type_id").notNull(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** token | hmac, the secret's name, the header carrying it, ...: the `auth` object of the API, as given. */
    auth: jsonb("auth").$type<Record<string, unknown>>().notNull(),
    respond: text("respond").$type<"accepted" | "result">().notNull(),
    /** JSONata over { body, headers, query } giving the instance input; null: the body. */
    inputExpression: text("input_expression"),
    /** JSONata over { id, status, output } giving the answer of respond "result"; null: the output. */
    responseExpression: text("response_expression"),
    timeoutMs: integer("timeout_ms").notNull(),
    /** Request headers the input expression may read (lower case); no other header reaches the flow. */
    headers: jsonb("headers").$type<string[]>().notNull(),
    idempotencyHeader: text("idempotency_header").notNull(),
    maxBodyBytes: integer("max_body_bytes").notNull(),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull(),
    createdAt: createdAt(),
    createdBy: uuid("created_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [index("webhooks_flow_type").on(t.tenantId, t.flowTypeId)],
);

/** A tenant's secrets: the value sealed (AES-256-GCM, the instance context's keys and rotation), never returned. */
export const secrets = pgTable(
  "secrets",
  {
    tenantId: tenantId(),
    name: text("name").notNull(),
    /** The sealer's marker of the value: { "$sealed": "v1.<keyId>...." }. */
    value: jsonb("value").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    createdBy: uuid("created_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

/**
 * An instance waiting at a wait node for a correlated event (name, key). POST /events deletes the row as it
 * delivers (an "event" timer with the payload), so each wait receives one event, once.
 */
export const eventWaits = pgTable(
  "event_waits",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    key: text("key").notNull(),
    instanceId: uuid("instance_id").notNull(),
    nodeId: text("node_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("event_waits_match").on(t.tenantId, t.name, t.key),
    uniqueIndex("event_waits_instance_node").on(t.instanceId, t.nodeId),
  ],
);

/** A correlated event nobody waited for yet, kept until `expires_at` for the first wait that matches it. */
export const bufferedEvents = pgTable(
  "buffered_events",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    key: text("key").notNull(),
    payload: jsonb("payload"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("buffered_events_match").on(t.tenantId, t.name, t.key, t.createdAt),
    index("buffered_events_expiry").on(t.expiresAt),
  ],
);
