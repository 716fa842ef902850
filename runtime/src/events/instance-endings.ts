/**
 * Waiting for an instance to end, for create-and-wait (POST /flows with a wait): the request is answered as soon
 * as the instance ends, or stops where only a person can move it on, without polling.
 *
 * - This process ended it: the store reports each commit with the row it wrote (committed-events.ts), so the
 *   waiter has the ended row at once, without reading it back.
 * - Another process ended it: its notice arrives through the event bus's LISTEN channel; the waiter then reads
 *   the instance once.
 * - It ended between the create and the subscription: the caller takes a `mark()` before it creates. Rows this
 *   process committed meanwhile are kept (a bounded few) while a mark is open, and the bus counts the notices
 *   from elsewhere; only when a notice from elsewhere (or more rows than were kept) came in between does the
 *   waiter read the instance once.
 *
 * A wait ends when the instance settles, its time passes, the client goes away, or the bus closes (the runtime
 * stops): the caller then answers with the latest row it knows.
 */
import { ENDED_STATUSES, type InstanceStatus } from "@mfo/schemas";
import type { Db } from "../store/database.js";
import { type InstanceRecord, loadInstance } from "../store/instances/index.js";
import { onEventsCommitted } from "./committed-events.js";
import type { EventBus } from "./event-bus.js";

/** Where a wait stops: the instance ended, or only a person moves it on (an approval, a pause, a quarantine). */
const SETTLED = new Set<InstanceStatus>([...ENDED_STATUSES, "waiting", "paused", "quarantined"]);

/** Whether a wait for this row is over. */
export const isSettled = (record: InstanceRecord): boolean => SETTLED.has(record.status);

/** Rows of this process's commits kept while a mark is open (they cover the few milliseconds of a create). */
const KEPT_ROWS = 256;

/** Where things stood before a create: given back to `wait`, or released if the create fails. */
export interface EndingsMark {
  readonly local: number;
  readonly elsewhere: number;
  /** Ends the mark without waiting (the create failed); idempotent. */
  release(): void;
}

export interface WaitRequest {
  /** The row the create answered (perhaps ended already). */
  record: InstanceRecord;
  /** Taken before the create. */
  mark: EndingsMark;
  /** The longest wait. */
  ms: number;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface InstanceEndings {
  /** Call before creating the instance to wait for; pass the mark to `wait` (or release it). */
  mark(): EndingsMark;
  /** The latest row known once the instance settles or the wait ends otherwise; never rejects. */
  wait(request: WaitRequest): Promise<InstanceRecord>;
  /** Marks and waits in progress (zero when nobody waits: nothing is held for a request that went away). */
  size(): number;
}

interface Waiter {
  latest: InstanceRecord;
  done: boolean;
  /** The one read after a wake-up from elsewhere; another wake-up meanwhile asks for one more after it. */
  reading: boolean;
  readAgain: boolean;
  finish(): void;
}

/** The endings of the instances of `db`, heard through the store's commits and `bus`; stops when the bus closes. */
export function createInstanceEndings(db: Db, bus: EventBus): InstanceEndings {
  const waiters = new Map<string, Set<Waiter>>();
  const kept = new Map<string, InstanceRecord>();
  /** Rows of this process's commits reported while a mark was open: how far `kept` may have moved on. */
  let seq = 0;
  let openMarks = 0;

  const newer = (a: InstanceRecord, b: InstanceRecord) => (b.rev >= a.rev ? b : a);

  const stopHearing = onEventsCommitted(db, (ids, rows) => {
    const withRow = new Set<string>();
    for (const row of rows) {
      withRow.add(row.id);
      if (openMarks > 0) {
        seq++;
        kept.delete(row.id);
        kept.set(row.id, row);
        if (kept.size > KEPT_ROWS) kept.delete(kept.keys().next().value as string);
      }
      for (const waiter of waiters.get(row.id) ?? []) {
        waiter.latest = newer(waiter.latest, row);
        if (isSettled(waiter.latest)) waiter.finish();
      }
    }
    // A commit reported without its row (a path that does not pass it) is read back, as a notice from elsewhere.
    for (const id of ids) {
      if (withRow.has(id)) continue;
      if (openMarks > 0) seq += KEPT_ROWS + 1;
      for (const waiter of waiters.get(id) ?? []) read(id, waiter);
    }
  });
  bus.signal.addEventListener("abort", stopHearing, { once: true });

  /** Reads the instance once for `waiter` (one read at a time; a wake-up meanwhile asks for one more). */
  function read(id: string, waiter: Waiter): void {
    if (waiter.done) return;
    if (waiter.reading) {
      waiter.readAgain = true;
      return;
    }
    waiter.reading = true;
    loadInstance(db, id).then(
      (row) => {
        waiter.reading = false;
        if (row && row.tenantId === waiter.latest.tenantId) waiter.latest = newer(waiter.latest, row);
        if (isSettled(waiter.latest)) waiter.finish();
        else if (waiter.readAgain) {
          waiter.readAgain = false;
          read(id, waiter);
        }
      },
      // The database failing a read ends nothing: the wait runs out and answers what it knows.
      () => {
        waiter.reading = false;
      },
    );
  }

  function mark(): EndingsMark {
    openMarks++;
    let open = true;
    return {
      local: seq,
      elsewhere: bus.heardFromElsewhere,
      release() {
        if (!open) return;
        open = false;
        openMarks--;
        if (openMarks === 0) kept.clear();
      },
    };
  }

  function wait({ record, mark: before, ms, signal }: WaitRequest): Promise<InstanceRecord> {
    const id = record.id;
    if (isSettled(record) || ms <= 0 || signal.aborted || bus.signal.aborted) {
      before.release();
      return Promise.resolve(record);
    }
    return new Promise<InstanceRecord>((resolve) => {
      const waiter: Waiter = {
        latest: record,
        done: false,
        reading: false,
        readAgain: false,
        finish() {
          if (waiter.done) return;
          waiter.done = true;
          clearTimeout(timer);
          signal.removeEventListener("abort", waiter.finish);
          bus.signal.removeEventListener("abort", waiter.finish);
          unsubscribe();
          const set = waiters.get(id);
          set?.delete(waiter);
          if (set?.size === 0) waiters.delete(id);
          resolve(waiter.latest);
        },
      };
      // Subscribed before the check below, so an end committing from now on wakes it.
      let set = waiters.get(id);
      if (!set) {
        set = new Set();
        waiters.set(id, set);
      }
      set.add(waiter);
      // This process's commits come with their rows (above); only another process's notice needs a read.
      const unsubscribe = bus.subscribe(id, () => read(id, waiter), "elsewhere");
      const timer = setTimeout(waiter.finish, ms);
      signal.addEventListener("abort", waiter.finish, { once: true });
      bus.signal.addEventListener("abort", waiter.finish, { once: true });

      // What committed between the mark and the subscription.
      const seen = kept.get(id);
      if (seen) waiter.latest = newer(waiter.latest, seen);
      const missed = seq - before.local > KEPT_ROWS || bus.heardFromElsewhere !== before.elsewhere;
      before.release();
      if (isSettled(waiter.latest)) waiter.finish();
      else if (missed) read(id, waiter);
    });
  }

  return {
    mark,
    wait,
    size() {
      let waiting = 0;
      for (const set of waiters.values()) waiting += set.size;
      return waiting + openMarks;
    },
  };
}
