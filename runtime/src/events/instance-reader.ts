/**
 * One reader per followed instance and process, shared by all its live streams: woken by the event bus, it reads
 * what is new in the events table once and hands each row to every stream that has not had it. A hundred clients
 * watching one instance cost one read per commit, not a hundred.
 *
 * The reader keeps the seq it has read up to (its position); a stream joins only when it has every event up to
 * that position (follow-events.ts catches up on its own first), so each stream gets each event once, in order.
 * The instance's status is read when the reader starts and on each safety poll, not on each wake: a wake's events
 * say when the instance ended (instance.completed, .failed, .cancelled), and nothing follows the event that ends it.
 */
import { ENDED_STATUSES, type InstanceStatus } from "@mfo/schemas";
import type { Db } from "../store/database.js";
import { type EventRow, eventsAfter, statusOrDeleted } from "../store/instances/index.js";
import type { EventBus } from "./event-bus.js";

/** What ended the stream: the instance's final status, or "deleted". */
export type EndReason = InstanceStatus | "deleted";
export type FollowItem = { kind: "event"; row: EventRow } | { kind: "end"; status: EndReason };

/** One stream as the reader sees it. */
export interface ReaderSink {
  /** The seq of the last event this stream has; the reader hands it only later ones, and moves it on. */
  last: number;
  push(item: FollowItem): void;
  fail(error: unknown): void;
}

export interface ReaderOptions {
  db: Db;
  bus: EventBus;
  tenantId: string;
  instanceId: string;
  pollMs: number;
  batch: number;
}

const ENDED = new Set<string>(ENDED_STATUSES);
/** The history events that end an instance, and the status each leaves it in. */
const ENDING_EVENTS = new Map<string, InstanceStatus>([
  ["instance.completed", "completed"],
  ["instance.failed", "failed"],
  ["instance.cancelled", "cancelled"],
]);

interface Reader {
  position: number;
  sinks: Set<ReaderSink>;
  wake(): void;
}

const readers = new WeakMap<EventBus, Map<string, Reader>>();

/**
 * Adds `sink` to the instance's reader, starting one at the sink's position when there is none. Returns the
 * function that takes the sink out again, or undefined when the reader is past the sink's position: the stream
 * reads what it is missing itself, then joins.
 */
export function joinReader(options: ReaderOptions, sink: ReaderSink): (() => void) | undefined {
  let byInstance = readers.get(options.bus);
  if (!byInstance) {
    byInstance = new Map();
    readers.set(options.bus, byInstance);
  }
  const key = `${options.tenantId}/${options.instanceId}`;
  let reader = byInstance.get(key);
  if (reader && reader.position > sink.last) return undefined;
  if (!reader) {
    const started = startReader(options, sink.last, () => {
      if (byInstance.get(key) === started) byInstance.delete(key);
    });
    reader = started;
    byInstance.set(key, reader);
  }
  const joined = reader;
  joined.sinks.add(sink);
  return () => {
    joined.sinks.delete(sink);
    // The last stream gone: the reader stops now rather than at its next poll, and leaves the bus.
    if (joined.sinks.size === 0) joined.wake();
  };
}

/** Starts a reader at `position`; `gone` is called once it has stopped (no streams left, the end, an error). */
function startReader(options: ReaderOptions, position: number, gone: () => void): Reader {
  const { db, bus, tenantId, instanceId } = options;
  const waker = createWaker(bus.signal);
  const reader: Reader = { position, sinks: new Set(), wake: waker.wake };
  const live = () => !bus.signal.aborted && reader.sinks.size > 0;

  /** Hands `row` to every stream that has not had it. */
  const fanOut = (row: EventRow) => {
    for (const sink of reader.sinks) {
      if (row.seq > sink.last) {
        sink.last = row.seq;
        sink.push({ kind: "event", row });
      }
    }
  };

  const run = async () => {
    // Subscribed before the first read, so a commit landing between a read and the wait still wakes it.
    const unsubscribe = bus.subscribe(instanceId, waker.wake);
    // The first round reads the status: the instance may have ended, or been deleted, before the reader started.
    let readStatus = true;
    try {
      // The joining stream is added right after this starts: the first round runs on the next turn.
      await Promise.resolve();
      while (live()) {
        // The status is read before the events: if it says ended, the commit that ended it, and its events, are in.
        const status = readStatus ? await statusOrDeleted(db, tenantId, instanceId) : undefined;
        let ended: EndReason | undefined = status === "deleted" || (status && ENDED.has(status)) ? status : undefined;
        for (;;) {
          const rows = await eventsAfter(db, tenantId, instanceId, reader.position, options.batch);
          for (const row of rows) {
            fanOut(row);
            reader.position = row.seq;
            ended ??= ENDING_EVENTS.get(row.type);
          }
          if (rows.length < options.batch || !live()) break;
        }
        if (ended !== undefined) {
          const end = { kind: "end", status: ended } as const;
          for (const sink of reader.sinks) sink.push(end);
          return;
        }
        // Woken by the bus: read the events only. At the safety poll: the status too (a deletion wakes nobody).
        readStatus = !(await waker.sleep(options.pollMs));
      }
    } catch (error) {
      for (const sink of reader.sinks) sink.fail(error);
    } finally {
      unsubscribe();
      gone();
    }
  };
  void run();
  return reader;
}

/** A wake-up flag with a timed wait: a wake before the wait makes the wait return at once (and say so). */
function createWaker(signal: AbortSignal) {
  let woken = false;
  let release: (() => void) | undefined;
  return {
    wake() {
      woken = true;
      release?.();
    },
    /** Waits up to `ms`; true when woken (before or during the wait), false when the time ran out. */
    async sleep(ms: number): Promise<boolean> {
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
      const wasWoken = woken;
      woken = false;
      return wasWoken;
    },
  };
}
