/**
 * Follows one instance's history for a live stream: yields its events after a given seq, in order, as they are
 * committed, then an end once the instance has ended (or was deleted) and everything is out. The event bus wakes
 * it; a slow safety poll covers a lost wake-up. Every read goes to the events table, so nothing is skipped or
 * repeated, however the wake-ups arrive.
 */
import { ENDED_STATUSES, type InstanceStatus } from "@mfo/schemas";
import type { Db } from "../store/database.js";
import { type EventRow, eventsAfter, statusOrDeleted } from "../store/instances/index.js";
import type { EventBus } from "./event-bus.js";

/** What ended the stream: the instance's final status, or "deleted". */
export type EndReason = InstanceStatus | "deleted";
export type FollowItem = { kind: "event"; row: EventRow } | { kind: "end"; status: EndReason };

export interface FollowOptions {
  db: Db;
  bus: EventBus;
  tenantId: string;
  instanceId: string;
  /** The seq of the last event the client has; 0 for the whole history. */
  after: number;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Safety poll interval; default 5 s. */
  pollMs?: number;
  /** Events read per query; default 500. */
  batch?: number;
}

const ENDED = new Set<InstanceStatus>(ENDED_STATUSES);

/**
 * Yields the instance's events after `after`, live, until it ends, the client aborts, or the bus closes (then it
 * just returns, without an end: the instance goes on and the client should reconnect).
 */
export async function* followEvents(options: FollowOptions): AsyncGenerator<FollowItem> {
  const { db, tenantId, instanceId } = options;
  const batch = options.batch ?? 500;
  const signal = AbortSignal.any([options.signal, options.bus.signal]);
  const waker = createWaker(signal);
  // Subscribed before the first read, so a commit landing between a read and the wait still wakes it.
  const unsubscribe = options.bus.subscribe(instanceId, waker.wake);
  try {
    let last = options.after;
    while (!signal.aborted) {
      // The status is read before the events: if it says ended, the commit that ended it, and its events, are in.
      const status = await statusOrDeleted(db, tenantId, instanceId);
      for (;;) {
        const rows = await eventsAfter(db, tenantId, instanceId, last, batch);
        for (const row of rows) {
          if (signal.aborted) return;
          yield { kind: "event", row };
          last = row.seq;
        }
        if (rows.length < batch) break;
      }
      if (status === "deleted" || ENDED.has(status)) {
        yield { kind: "end", status };
        return;
      }
      await waker.sleep(options.pollMs ?? 5_000);
    }
  } finally {
    unsubscribe();
  }
}

/** A wake-up flag with a timed wait: a wake before the wait makes the wait return at once. */
function createWaker(signal: AbortSignal) {
  let woken = false;
  let release: (() => void) | undefined;
  return {
    wake() {
      woken = true;
      release?.();
    },
    async sleep(ms: number): Promise<void> {
      if (!woken && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            release = undefined;
            resolve();
          };
          const timer = setTimeout(done, ms);
          signal.addEventListener("abort", done);
          release = done;
        });
      }
      woken = false;
    },
  };
}
