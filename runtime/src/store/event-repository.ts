/**
 * Correlated events (issue 19): the waits instances registered (event_waits) and the events nobody waited for
 * yet (buffered_events), and the two transactions that meet there: delivering an event (POST /events) and
 * registering a wait (the commit of the step that reached a wait node with `event`, commit.ts).
 *
 * The race between them: an event sent while an instance registers its wait must not be lost, i.e. must not end
 * as a buffered event AND a registered wait, each having looked for the other before the other committed. Both
 * transactions therefore first take the transaction-scoped advisory lock of (tenant, name, key), then read:
 * under READ COMMITTED each later statement sees what the other committed before it got the lock, so whichever
 * comes second finds the first (the sender finds the wait and wakes it; the registrant finds the buffered event
 * and consumes it). Other names and keys never wait on each other. PGlite has one connection: no race there.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Actor, insertAudit } from "./audit-repository.js";
import type { Db, Executor } from "./database.js";
import { rowsOf } from "./statements.js";

/**
 * A wait a commit registers: the instance waits at `nodeId` for the event `name` with `key`. `nodeId` is the
 * wait's state id (the node id, prefixed inside a parallel branch): what the "event" timer wakes.
 */
export interface NewEventWait {
  nodeId: string;
  name: string;
  key: string;
}

/** An event as POST /events sends it. */
export interface SentEvent {
  tenantId: string;
  name: string;
  key: string;
  payload: unknown;
  /** 0: not kept when nobody waits. */
  ttlSeconds: number;
  now: Date;
}

/** What a delivery did: the waits it woke, or whether it was kept for a later one. */
export interface Delivery {
  id: string;
  woke: Array<{ instanceId: string; nodeId: string }>;
  buffered: boolean;
  expiresAt: Date | null;
}

/** Expired buffered events a delivery deletes on its way (the sweep: bounded, so no delivery pays for a backlog). */
const SWEEP_BATCH = 100;

/**
 * The node id of a wait's state id: inside a parallel branch a state id is the branch's prefix ("fan~0/") and the
 * node id, which holds neither "~" nor "/" (flow.schema.json's nodeId).
 */
function nodeIdOf(state: string): string {
  return state.slice(state.lastIndexOf("/") + 1);
}

/** Serializes delivery and registration of one (tenant, name, key) until the transaction ends (see above). */
async function lockKey(tx: Executor, tenantId: string, name: string, key: string): Promise<void> {
  // Hashed as a JSON array, which keeps ("a", "b:c") and ("a:b", "c") apart; 19 seeds it away from other locks.
  await tx.execute(sql`
    select pg_advisory_xact_lock(hashtextextended(jsonb_build_array(${tenantId}::text, ${name}::text, ${key}::text)::text, 19))`);
}

/**
 * Delivers an event: in one transaction, every wait of the tenant for (name, key) is deleted (delete ...
 * returning: each wait receives one event, once, however many senders race) and gets an "event" timer with the
 * payload, due now; when none waited and ttlSeconds > 0, the event is kept until now + ttl. The audit row (name,
 * key and what happened, never the payload) is written in the same transaction.
 */
export async function deliverEvent(db: Db, event: SentEvent, actor?: Actor): Promise<Delivery> {
  const id = randomUUID();
  const at = event.now.toISOString();
  const payload = JSON.stringify(event.payload ?? null);
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      delete from buffered_events where id in (
        select id from buffered_events where expires_at <= ${at}::timestamptz limit ${SWEEP_BATCH})`);
    await lockKey(tx, event.tenantId, event.name, event.key);
    const woken = rowsOf(
      await tx.execute(sql`
        with taken as (
          delete from event_waits
          where tenant_id = ${event.tenantId} and name = ${event.name} and key = ${event.key}
          returning instance_id, node_id
        ),
        woken as (
          insert into timers (instance_id, tenant_id, kind, node_id, due_at, payload)
          select instance_id, ${event.tenantId}, 'event', node_id, ${at}::timestamptz, ${payload}::jsonb from taken
          returning instance_id, node_id
        )
        select instance_id as "instanceId", node_id as "state" from woken order by instance_id, node_id`),
    ).map((row) => ({ instanceId: row.instanceId as string, nodeId: nodeIdOf(row.state as string) }));
    const buffered = woken.length === 0 && event.ttlSeconds > 0;
    const expiresAt = buffered ? new Date(event.now.getTime() + event.ttlSeconds * 1000) : null;
    if (expiresAt) {
      await tx.execute(sql`
        insert into buffered_events (id, tenant_id, name, key, payload, created_at, expires_at)
        values (${id}, ${event.tenantId}, ${event.name}, ${event.key}, ${payload}::jsonb, ${at}::timestamptz,
          ${expiresAt.toISOString()}::timestamptz)`);
    }
    if (actor) {
      const detail = { name: event.name, key: event.key, woke: woken.length, buffered };
      await insertAudit(tx, actor, "event.send", id, detail);
    }
    return { id, woke: woken, buffered, expiresAt };
  });
}

/**
 * Registers an instance's waits, inside the transaction of the commit that reached them (so a crash leaves
 * either the step and its waits or neither). A wait whose event is already buffered consumes the oldest one
 * unexpired (delete ... returning) and gets its "event" timer due now instead of a row. Returns whether any
 * timer was written (the caller wakes the worker). Idempotent: unique (instance_id, node_id).
 */
export async function registerEventWaits(
  tx: Executor,
  instance: { id: string; tenantId: string },
  waits: readonly NewEventWait[],
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  let delivered = false;
  // Locks in one order, so two instances registering the same keys cannot deadlock.
  const ordered = [...waits].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  for (const wait of ordered) {
    await lockKey(tx, instance.tenantId, wait.name, wait.key);
    const taken = rowsOf(
      await tx.execute(sql`
        with taken as (
          delete from buffered_events where id = (
            select id from buffered_events
            where tenant_id = ${instance.tenantId} and name = ${wait.name} and key = ${wait.key}
              and expires_at > ${at}::timestamptz
            order by created_at, id limit 1 for update skip locked)
          returning payload
        )
        insert into timers (instance_id, tenant_id, kind, node_id, due_at, payload)
        select ${instance.id}::uuid, ${instance.tenantId}, 'event', ${wait.nodeId}, ${at}::timestamptz, payload
        from taken
        returning id`),
    );
    if (taken.length > 0) {
      delivered = true;
      continue;
    }
    await tx.execute(sql`
      insert into event_waits (tenant_id, name, key, instance_id, node_id, created_at)
      values (${instance.tenantId}, ${wait.name}, ${wait.key}, ${instance.id}::uuid, ${wait.nodeId},
        ${at}::timestamptz)
      on conflict (instance_id, node_id) do update set tenant_id = excluded.tenant_id, name = excluded.name,
        key = excluded.key, created_at = excluded.created_at`);
  }
  return delivered;
}

/** Removes an instance's waits at these states (a timeout fired, the node failed), or all of them (`null`). */
export async function dropEventWaits(ex: Executor, instanceId: string, nodeIds: readonly string[] | null) {
  if (nodeIds === null) {
    await ex.execute(sql`delete from event_waits where instance_id = ${instanceId}::uuid`);
    return;
  }
  if (nodeIds.length === 0) return;
  await ex.execute(sql`
    delete from event_waits where instance_id = ${instanceId}::uuid
      and node_id in (select jsonb_array_elements_text(${JSON.stringify(nodeIds)}::jsonb))`);
}

/** The waits registered for an instance (tests and diagnostics). */
export async function eventWaitsOf(ex: Executor, instanceId: string) {
  return rowsOf(
    await ex.execute(sql`
      select tenant_id as "tenantId", name, key, node_id as "nodeId" from event_waits
      where instance_id = ${instanceId}::uuid order by node_id`),
  ) as Array<{ tenantId: string; name: string; key: string; nodeId: string }>;
}

/** How many unexpired events of the tenant are kept for (name, key) (tests and diagnostics). */
export async function bufferedCount(ex: Executor, tenantId: string, name: string, key: string, now: Date) {
  const [row] = rowsOf(
    await ex.execute(sql`
      select count(*)::int as n from buffered_events
      where tenant_id = ${tenantId} and name = ${name} and key = ${key} and expires_at > ${now.toISOString()}::timestamptz`),
  );
  return Number(row?.n ?? 0);
}
