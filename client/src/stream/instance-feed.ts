/**
 * What the run view shows of an instance, kept current: the instance and its history. It follows the live event
 * stream and re-reads the instance when events arrive (node states come from its context; reads are coalesced,
 * one in flight and at most one more queued). Where streaming is refused or keeps failing it polls instead.
 * Framework-free; the run view wraps it in a hook.
 */
import type { FlowEvent, Instance } from "@mfo/schemas";
import { isEnded } from "@mfo/schemas";
import type { FlowService } from "../rest/flow-service.js";
import { type EventStreamOptions, followEventStream } from "./event-stream.js";

/** connecting: first read; live: streaming; polling: the fallback; ended: the instance has ended. */
export type FeedMode = "connecting" | "live" | "polling" | "ended";

export interface FeedState {
  instance?: Instance;
  /** The history, by seq. */
  events: FlowEvent[];
  /** The last read's failure, cleared by the next success. */
  error?: string;
  mode: FeedMode;
}

export interface InstanceFeed {
  /** Re-reads now (after an operator's action) and follows again if the instance became active again. */
  refresh(): Promise<void>;
  close(): void;
}

export interface InstanceFeedOptions {
  /** Polling interval of the fallback, and of retrying a failed first read. */
  pollMs?: number;
  retry?: EventStreamOptions["retry"];
}

type FeedApi = Pick<FlowService, "getFlow" | "events" | "stream">;

/** Merges events by seq (a read of the history and the stream overlap), in order. */
function merge(known: readonly FlowEvent[], more: readonly FlowEvent[]): FlowEvent[] {
  const last = known.at(-1)?.seq ?? 0;
  if (more.every((e) => e.seq > last)) return [...known, ...more];
  const bySeq = new Map<number, FlowEvent>();
  for (const event of [...known, ...more]) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function createInstanceFeed(
  api: FeedApi,
  instanceId: string,
  onChange: (state: FeedState) => void,
  options: InstanceFeedOptions = {},
): InstanceFeed {
  const pollMs = options.pollMs ?? 1_000;
  let state: FeedState = { events: [], mode: "connecting" };
  let closed = false;
  let following = false;
  let streamRefused = false;
  let stream: { close(): void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading: Promise<void> | undefined;
  let readAgain = false;
  // Reads of the instance are numbered as they are sent; an answer older than one already shown is dropped. A
  // refresh after an operator's action and a re-read after a stream event overlap, and their answers can arrive
  // in either order: the later-sent read reflects every event known when it was sent, so the view must never step
  // back to an earlier one (it stayed on "running" while the instance waited for the next approval).
  let sent = 0;
  let shown = 0;
  async function readInstance(): Promise<Instance | undefined> {
    const ticket = ++sent;
    const instance = await api.getFlow(instanceId);
    if (ticket < shown) return undefined;
    shown = ticket;
    return instance;
  }

  const emit = (patch: Partial<FeedState>) => {
    if (closed) return;
    state = { ...state, ...patch };
    onChange(state);
  };
  const failed = (error: unknown) => emit({ error: (error as Error).message });

  /** Reads the instance and its whole history; undefined when that failed. */
  async function load(): Promise<Instance | undefined> {
    try {
      const [fresh, history] = await Promise.all([readInstance(), api.events(instanceId)]);
      const instance = fresh ?? state.instance;
      emit({ ...(fresh ? { instance: fresh } : {}), events: merge(state.events, history.items), error: undefined });
      return instance;
    } catch (error) {
      failed(error);
      return undefined;
    }
  }

  /** Re-reads the instance after events arrived: one read in flight, one more queued at most. */
  function reread(): void {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = (async () => {
      do {
        readAgain = false;
        try {
          const fresh = await readInstance();
          emit(fresh ? { instance: fresh, error: undefined } : { error: undefined });
        } catch (error) {
          failed(error);
        }
      } while (readAgain && !closed);
      reading = undefined;
    })();
  }

  function listen(): void {
    following = true;
    stream = followEventStream({
      open: (after, signal) => api.stream(instanceId, { after, signal }),
      after: state.events.at(-1)?.seq ?? 0,
      ...(options.retry ? { retry: options.retry } : {}),
      onOpen: () => emit({ mode: "live" }),
      onEvent: (event) => {
        emit({ events: merge(state.events, [event]) });
        reread();
      },
      onEnd: () => {
        following = false;
        emit({ mode: "ended" });
        reread();
      },
      onGiveUp: () => {
        streamRefused = true;
        poll();
      },
    });
  }

  function poll(): void {
    following = true;
    emit({ mode: "polling" });
    const tick = async () => {
      const instance = await load();
      if (closed) return;
      if (!instance || !isEnded(instance.status)) timer = setTimeout(tick, pollMs);
      else {
        following = false;
        emit({ mode: "ended" });
      }
    };
    timer = setTimeout(tick, pollMs);
  }

  /** After a read: follow an active instance (streaming unless refused), or retry a failed first read. */
  function follow(instance: Instance | undefined): void {
    if (closed || following) return;
    if (!instance) timer = setTimeout(async () => follow(await load()), pollMs);
    else if (isEnded(instance.status)) emit({ mode: "ended" });
    else if (streamRefused) poll();
    else listen();
  }

  void load().then(follow);

  return {
    async refresh() {
      follow(await load());
    },
    close() {
      closed = true;
      stream?.close();
      if (timer) clearTimeout(timer);
    },
  };
}
