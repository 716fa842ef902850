/**
 * The link between the flow-type registry's cache of each flow type's head (its latest version and archived mark)
 * and the event bus: the registry reports what it changed (publish, archive, a draft that brings an archived type
 * back) after the commit, the bus tells the other runtime processes through its LISTEN channel, and what they
 * changed comes back here. Keyed by the drizzle handle, as committed-events.ts is.
 *
 * A cache that misses a change would start instances on an old version for good, so the registry may keep heads
 * only while changes are heard: on the embedded database always (one process owns it), on PostgreSQL only while the
 * bus's LISTEN connection is up. When it drops or comes back, every cached head is forgotten (announcements may
 * have been missed meanwhile).
 */
import type { Db } from "../store/database.js";

/** One flow type of a tenant changed, or "all" (changes may have been missed). */
export type FlowTypeChange = { tenantId: string; id: string } | "all";

interface Hub {
  /** The registries' caches: told of every change, made here or elsewhere. */
  caches: Set<(change: FlowTypeChange) => void>;
  /** The bus: tells other processes of a change made here. */
  announcers: Set<(tenantId: string, id: string) => void>;
  heard: boolean;
}

const hubs = new WeakMap<Db, Hub>();

function hubOf(db: Db): Hub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = { caches: new Set(), announcers: new Set(), heard: false };
    hubs.set(db, hub);
  }
  return hub;
}

function tell(hub: Hub, change: FlowTypeChange): void {
  for (const cache of hub.caches) cache(change);
}

/** Calls `cache` on every change of a flow type on `db`, made here or announced; returns the function that stops. */
export function onFlowTypeChange(db: Db, cache: (change: FlowTypeChange) => void): () => void {
  const hub = hubOf(db);
  hub.caches.add(cache);
  return () => {
    hub.caches.delete(cache);
  };
}

/** Reports a committed change of a flow type made in this process: to the caches here, then to other processes. */
export function flowTypeChanged(db: Db, tenantId: string, id: string): void {
  const hub = hubOf(db);
  tell(hub, { tenantId, id });
  for (const announce of hub.announcers) {
    try {
      announce(tenantId, id);
    } catch {}
  }
}

/** The bus: `announce` tells other processes of each change made here; returns the function that stops it. */
export function announceFlowTypeChanges(db: Db, announce: (tenantId: string, id: string) => void): () => void {
  const hub = hubOf(db);
  hub.announcers.add(announce);
  return () => {
    hub.announcers.delete(announce);
  };
}

/** The bus: another process changed a flow type (or changes may have been missed: "all"). */
export function flowTypeChangedElsewhere(db: Db, change: FlowTypeChange): void {
  tell(hubOf(db), change);
}

/**
 * The bus: whether every change made elsewhere reaches this process from now on. Either way the caches forget
 * all they hold: going deaf, changes will be missed; hearing again, some may have been missed meanwhile.
 */
export function setChangesHeard(db: Db, heard: boolean): void {
  const hub = hubOf(db);
  hub.heard = heard;
  tell(hub, "all");
}

/** Whether a cache on `db` may keep what it read: every change made anywhere reaches it. */
export function changesHeard(db: Db): boolean {
  return hubs.get(db)?.heard ?? false;
}
