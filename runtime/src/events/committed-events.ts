/**
 * The link from the store to the event bus: after a commit that appended history events, the store reports the
 * instances concerned, and whoever listens on that database handle (the runtime's event bus) hears it. Keyed by
 * the drizzle handle, so several runtimes in one process (tests) keep apart and the engine needs no bus.
 */
import type { Db } from "../store/database.js";
import type { InstanceRecord } from "../store/instances/types.js";

/**
 * `rows`: the instance rows as the commit wrote them, when the reporter has them (a step's commit). A listener
 * waiting for an instance to end (instance-endings.ts) learns it from them without reading the row back; an id
 * reported without its row only says that something changed.
 */
type Listener = (instanceIds: readonly string[], rows: readonly InstanceRecord[]) => void;

const listeners = new WeakMap<Db, Set<Listener>>();

/** Calls `listener` after every commit on `db` that appended events; returns the function that stops it. */
export function onEventsCommitted(db: Db, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/**
 * Reports that events of these instances were committed on `db`, with the rows written when the caller has them.
 * Call it after the commit, never inside.
 */
export function eventsCommitted(db: Db, instanceIds: readonly string[], rows: readonly InstanceRecord[] = []): void {
  if (instanceIds.length === 0) return;
  for (const listener of listeners.get(db) ?? []) {
    // The commit stands whatever a listener does: the events table, not the signal, is the source of truth.
    try {
      listener(instanceIds, rows);
    } catch {}
  }
}
