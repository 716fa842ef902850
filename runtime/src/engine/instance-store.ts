/**
 * The engine's database work: load an instance, commit a step (ONE transaction that checks the revision and
 * writes the row, its new events, timers and child instances), and claim due work with FOR UPDATE SKIP LOCKED
 * under a lease, so any number of runtime processes can share one PostgreSQL.
 */
import { and, eq, exists, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { PersistedState } from "../compiler/machine-state.js";
import { eventsCommitted } from "../events/committed-events.js";
import type { Db } from "../store/database.js";
import { events, instances, phaseRuns, timers } from "../store/schema.js";
import { ConflictError, type InstanceRecord, type NewEvent, type NewInstance, type NewTimer } from "./types.js";
import type { Work } from "./work.js";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Row = typeof instances.$inferSelect;

export function toRecord(row: Row): InstanceRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    flowTypeId: row.flowTypeId,
    version: row.version,
    name: row.name,
    status: row.status,
    snapshot: row.snapshot as unknown as PersistedState,
    context: row.context,
    currentNodes: row.currentNodes,
    rev: row.rev,
    parentId: row.parentId,
    parentNodeId: row.parentNodeId,
    idempotencyKey: row.idempotencyKey,
    lastError: row.lastError ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

function columns(record: InstanceRecord) {
  return {
    status: record.status,
    snapshot: record.snapshot as unknown as Record<string, unknown>,
    context: record.context,
    currentNodes: record.currentNodes,
    rev: record.rev,
    lastError: record.lastError,
    updatedAt: record.updatedAt,
    finishedAt: record.finishedAt,
  };
}

export async function loadInstance(db: Db | Tx, id: string): Promise<InstanceRecord | undefined> {
  const [row] = await db
    .select()
    .from(instances)
    .where(and(eq(instances.id, id), isNull(instances.deletedAt)));
  return row ? toRecord(row) : undefined;
}

async function insertEvents(tx: Tx, record: InstanceRecord, list: readonly NewEvent[]): Promise<void> {
  if (list.length === 0) return;
  await tx.insert(events).values(
    list.map((e) => ({
      instanceId: record.id,
      tenantId: record.tenantId,
      seq: e.seq,
      type: e.type,
      nodeId: e.nodeId,
      at: e.at,
      data: e.data,
    })),
  );
}

async function insertTimers(tx: Tx, tenantId: string, list: readonly NewTimer[]): Promise<void> {
  if (list.length === 0) return;
  await tx.insert(timers).values(list.map((t) => ({ ...t, tenantId })));
}

/** Inserts a new instance with its first events and a "run now" timer. */
export async function insertInstance(tx: Tx, created: NewInstance, now: Date): Promise<void> {
  const r = created.record;
  await tx.insert(instances).values({
    id: r.id,
    tenantId: r.tenantId,
    flowTypeId: r.flowTypeId,
    version: r.version,
    name: r.name,
    parentId: r.parentId,
    parentNodeId: r.parentNodeId,
    idempotencyKey: r.idempotencyKey,
    createdAt: r.createdAt,
    ...columns(r),
  });
  await insertEvents(tx, r, created.events);
  await insertTimers(tx, r.tenantId, [{ instanceId: r.id, kind: "run", nodeId: null, dueAt: now }]);
}

/**
 * Writes a step: the row (only if its revision is still the one read, else ConflictError), then the events,
 * timers, fired timers, child instances, and a wake-up for a parent waiting on this instance.
 */
export async function commitWork(db: Db, work: Work, extra?: (tx: Tx) => Promise<void>): Promise<InstanceRecord> {
  const record = work.toRecord();
  const now = work.at();
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(instances)
      .set(columns(record))
      .where(and(eq(instances.id, record.id), eq(instances.rev, work.row.rev)))
      .returning({ id: instances.id });
    if (updated.length === 0) throw new ConflictError("the instance changed meanwhile", "stale");
    await insertEvents(tx, record, work.events);
    await insertTimers(tx, record.tenantId, work.timers);
    if (work.phaseRuns.length > 0) {
      await tx.insert(phaseRuns).values(
        work.phaseRuns.map((run) => ({
          ...run,
          tenantId: record.tenantId,
          instanceId: record.id,
          flowTypeId: record.flowTypeId,
          durationMs: Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime()),
        })),
      );
    }
    if (record.finishedAt && !work.row.finishedAt) {
      // An ended instance needs no wake-up: its leftover timers (e.g. watchdogs of attempts that finished in time)
      // are retired, so the due-timer index holds only live work.
      await tx
        .update(timers)
        .set({ firedAt: now })
        .where(and(eq(timers.instanceId, record.id), isNull(timers.firedAt)));
    } else if (work.firedTimers.length > 0) {
      await tx.update(timers).set({ firedAt: now }).where(inArray(timers.id, work.firedTimers));
    }
    for (const child of work.children) await insertInstance(tx, child, now);
    if (work.wakeParent && record.parentId) {
      await insertTimers(tx, record.tenantId, [
        { instanceId: record.parentId, kind: "subflow", nodeId: record.parentNodeId, dueAt: now },
      ]);
    }
    if (extra) await extra(tx);
  });
  // Wakes live streams, which read the new events from the table, once the commit is visible. New instances
  // (children, or insertInstance) need no wake-up: no stream can be open on an instance before it exists.
  if (work.events.length > 0) eventsCommitted(db, [record.id]);
  return record;
}

/** Timers of an instance that are due and not yet fired, oldest first. */
export async function dueTimers(db: Db, instanceId: string, now: Date) {
  return db
    .select()
    .from(timers)
    .where(and(eq(timers.instanceId, instanceId), isNull(timers.firedAt), lte(timers.dueAt, now)))
    .orderBy(timers.dueAt, timers.id);
}

/**
 * Claims up to `limit` running instances with due timers whose lease is free or expired, and leases them to
 * `owner` until now + leaseMs. Rows another process is claiming at the same moment are skipped, not waited for.
 */
export async function claimDue(db: Db, owner: string, limit: number, leaseMs: number, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const due = tx
      .select({ one: sql`1` })
      .from(timers)
      .where(and(eq(timers.instanceId, instances.id), isNull(timers.firedAt), lte(timers.dueAt, now)));
    const rows = await tx
      .select({ id: instances.id })
      .from(instances)
      .where(
        and(
          eq(instances.status, "running"),
          isNull(instances.deletedAt),
          or(isNull(instances.leaseUntil), lt(instances.leaseUntil, now)),
          // Due work, or a lease that lapsed with its owner still recorded: that process died mid-step.
          or(exists(due), isNotNull(instances.leaseOwner)),
        ),
      )
      .limit(limit)
      .for("update", { skipLocked: true });
    const ids = rows.map((r) => r.id);
    if (ids.length > 0) {
      await tx
        .update(instances)
        .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) })
        .where(inArray(instances.id, ids));
    }
    return ids;
  });
}

export async function renewLease(db: Db, id: string, owner: string, until: Date): Promise<void> {
  await db
    .update(instances)
    .set({ leaseUntil: until })
    .where(and(eq(instances.id, id), eq(instances.leaseOwner, owner)));
}

export async function releaseLease(db: Db, id: string, owner: string): Promise<void> {
  await db
    .update(instances)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(instances.id, id), eq(instances.leaseOwner, owner)));
}
