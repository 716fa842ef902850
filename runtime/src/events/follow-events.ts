/**
 * Follows one instance's history for a live stream: yields its events after a given seq, in order, as they are
 * committed, then an end once the instance has ended (or was deleted) and everything is out. The event bus wakes
 * the instance's reader, shared by all streams of the instance in this process (instance-reader.ts); a slow safety
 * poll covers a lost wake-up. Every read goes to the events table, after the last seq read, so nothing is skipped
 * or repeated, however the wake-ups arrive.
 */
import type { Db } from "../store/database.js";
import { eventsAfter } from "../store/instances/index.js";
import type { EventBus } from "./event-bus.js";
import { type FollowItem, joinReader, type ReaderSink } from "./instance-reader.js";

export type { EndReason, FollowItem } from "./instance-reader.js";

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

/**
 * Yields the instance's events after `after`, live, until it ends, the client aborts, or the bus closes (then it
 * just returns, without an end: the instance goes on and the client should reconnect).
 */
export async function* followEvents(options: FollowOptions): AsyncGenerator<FollowItem> {
  const { db, tenantId, instanceId } = options;
  const reader = {
    db,
    bus: options.bus,
    tenantId,
    instanceId,
    pollMs: options.pollMs ?? 5_000,
    batch: options.batch ?? 500,
  };
  const signal = AbortSignal.any([options.signal, options.bus.signal]);
  const queue = createQueue(signal);
  const sink: ReaderSink = { last: options.after, push: queue.push, fail: queue.fail };
  let leave: (() => void) | undefined;
  try {
    // The instance's reader may be past this stream's resume point: read up to it here first, then join.
    for (;;) {
      if (signal.aborted) return;
      leave = joinReader(reader, sink);
      if (leave) break;
      for (;;) {
        const rows = await eventsAfter(db, tenantId, instanceId, sink.last, reader.batch);
        for (const row of rows) {
          if (signal.aborted) return;
          yield { kind: "event", row };
          sink.last = row.seq;
        }
        if (rows.length < reader.batch) break;
      }
    }
    for (;;) {
      const item = await queue.next();
      if (item === undefined) return;
      yield item;
      if (item.kind === "end") return;
    }
  } finally {
    leave?.();
  }
}

/** What the reader hands a stream, waiting for its turn: next() resolves to undefined once the stream is aborted. */
function createQueue(signal: AbortSignal) {
  const items: FollowItem[] = [];
  let failure: { error: unknown } | undefined;
  let waiting: (() => void) | undefined;
  const release = () => {
    const resume = waiting;
    waiting = undefined;
    resume?.();
  };
  signal.addEventListener("abort", release, { once: true });
  return {
    push(item: FollowItem) {
      items.push(item);
      release();
    },
    fail(error: unknown) {
      failure = { error };
      release();
    },
    async next(): Promise<FollowItem | undefined> {
      for (;;) {
        if (signal.aborted) return undefined;
        const item = items.shift();
        if (item) return item;
        if (failure) throw failure.error;
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      }
    },
  };
}
