/**
 * The event bus: wakes the live streams of an instance when its history grows, whichever runtime process
 * committed the events. A wake-up carries no events: a woken stream reads what is new from the events table, the
 * source of truth, so wake-ups may be coalesced, repeated or lost without an event being lost or sent twice.
 * Embedded PGlite: in-process only (one process owns the database). PostgreSQL: also across processes, through a
 * LISTEN/NOTIFY channel (pg-channel.ts). The same channel carries the flow-type changes the registries' caches
 * must hear (flow-type-changes.ts), as payloads with their own prefix.
 */
import type { Database } from "../store/database.js";
import { onEventsCommitted } from "./committed-events.js";
import {
  announceFlowTypeChanges,
  type FlowTypeChange,
  flowTypeChangedElsewhere,
  setChangesHeard,
} from "./flow-type-changes.js";
import { openPgChannel, type PgChannel } from "./pg-channel.js";

/** The PostgreSQL notification channel of MFO runtimes; a payload is an instance id, or a flow-type change. */
export const EVENTS_CHANNEL = "mfo_events";
/** A flow-type change's payload: this prefix, then JSON [tenantId, id] (an instance id never starts so). */
const FLOW_TYPE_PREFIX = "flow-type ";
/** NOTIFY refuses payloads of 8000 bytes or more: a longer change is announced as "all" (every cache forgets). */
const MAX_PAYLOAD = 7_000;

const flowTypePayload = (tenantId: string, id: string) => {
  const payload = FLOW_TYPE_PREFIX + JSON.stringify([tenantId, id]);
  return Buffer.byteLength(payload) < MAX_PAYLOAD ? payload : `${FLOW_TYPE_PREFIX}"all"`;
};

/** The change a flow-type payload announces; "all" when it cannot be read (forgetting everything is safe). */
function changeOf(payload: string): FlowTypeChange {
  try {
    const parsed: unknown = JSON.parse(payload.slice(FLOW_TYPE_PREFIX.length));
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && typeof parsed[1] === "string")
      return { tenantId: parsed[0], id: parsed[1] };
  } catch {}
  return "all";
}

/**
 * What caused a wake-up: a commit of this process ("here", reported by the store with the rows it wrote), or
 * another process's notice or a reconnection of the channel ("elsewhere": only a database read tells what changed).
 */
export type WakeOrigin = "here" | "elsewhere";

export interface EventBus {
  /**
   * Calls `wake` whenever events of the instance may have been committed (with `only`, for wake-ups of that origin
   * only); returns the unsubscribe function.
   */
  subscribe(instanceId: string, wake: () => void, only?: WakeOrigin): () => void;
  /** Announces that events of these instances were committed (here, and to other processes on PostgreSQL). */
  publish(instanceIds: readonly string[]): void;
  /** Aborted when the bus closes: open streams end, and their clients reconnect (perhaps to another process). */
  readonly signal: AbortSignal;
  /**
   * How many wake-ups from elsewhere the bus has heard so far, whoever subscribed: two readings that differ tell a
   * waiter who subscribed between them that a notice it could not hear may have concerned its instance.
   */
  readonly heardFromElsewhere: number;
  close(): Promise<void>;
}

export interface EventBusOptions {
  log: { warn(fields: object, message: string): void };
  /** First reconnection delay of the PostgreSQL channel (doubled per failure). */
  retryMs?: number;
}

/**
 * Creates the runtime's bus for `database` and hooks it to the store's commits. On PostgreSQL it opens its own
 * connection for LISTEN; should that fail, it keeps retrying in the background (streams still poll meanwhile).
 */
export async function createEventBus(database: Database, options: EventBusOptions): Promise<EventBus> {
  const subscribers = new Map<string, Set<{ wake: () => void; only: WakeOrigin | undefined }>>();
  const closing = new AbortController();
  let heardFromElsewhere = 0;
  const wake = (instanceId: string, origin: WakeOrigin) => {
    for (const subscriber of subscribers.get(instanceId) ?? [])
      if (subscriber.only === undefined || subscriber.only === origin) subscriber.wake();
  };
  const wakeFromElsewhere = (instanceId: string) => {
    heardFromElsewhere++;
    wake(instanceId, "elsewhere");
  };
  const wakeAll = () => {
    heardFromElsewhere++;
    for (const id of subscribers.keys()) wake(id, "elsewhere");
  };

  const db = database.db;
  let channel: PgChannel | undefined;
  if (database.driver === "postgres") {
    channel = await openPgChannel({
      connection: database.client.options,
      channel: EVENTS_CHANNEL,
      onNotify: (payload) => {
        if (payload.startsWith(FLOW_TYPE_PREFIX)) flowTypeChangedElsewhere(db, changeOf(payload));
        else wakeFromElsewhere(payload);
      },
      onConnected: () => {
        setChangesHeard(db, true);
        wakeAll();
      },
      onLost: () => setChangesHeard(db, false),
      log: options.log,
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    });
  } else setChangesHeard(db, true); // one process owns an embedded database: every change is made here

  const publish = (instanceIds: readonly string[]) => {
    for (const id of instanceIds) wake(id, "here");
    channel?.notify(instanceIds);
  };
  const stopHearing = onEventsCommitted(db, publish);
  const stopAnnouncing = announceFlowTypeChanges(db, (tenantId, id) =>
    channel?.notify([flowTypePayload(tenantId, id)]),
  );

  return {
    subscribe(instanceId, wake, only) {
      let set = subscribers.get(instanceId);
      if (!set) {
        set = new Set();
        subscribers.set(instanceId, set);
      }
      const subscriber = { wake, only };
      set.add(subscriber);
      return () => {
        set.delete(subscriber);
        if (set.size === 0 && subscribers.get(instanceId) === set) subscribers.delete(instanceId);
      };
    },
    publish,
    signal: closing.signal,
    get heardFromElsewhere() {
      return heardFromElsewhere;
    },
    async close() {
      if (closing.signal.aborted) return;
      stopHearing();
      stopAnnouncing();
      setChangesHeard(db, false);
      closing.abort();
      subscribers.clear();
      await channel?.close();
    },
  };
}
