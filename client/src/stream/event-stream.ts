/**
 * Follows an instance's live events (GET /flows/{id}/stream) over fetch: hands over each event once, in order;
 * after a dropped connection, reconnects from the last seq it got, backing off; stops at the server's `end`. It
 * gives up, so the caller can fall back to polling, when the server refuses the stream (a 4xx: no such instance,
 * no key, or a server without streams) or a few attempts in a row fail.
 */
import type { FlowEvent } from "@mfo/schemas";
import { FlowServiceError } from "../rest/errors.js";
import { createSseParser } from "./sse-parser.js";

export interface EventStreamOptions {
  /** Opens the stream after the event `after` (a seq); rejects with FlowServiceError when the server refuses it. */
  open(after: number, signal: AbortSignal): Promise<Response>;
  /** The seq of the last event the caller already has; 0 for the whole history. */
  after: number;
  /** Each connection that the server accepted. */
  onOpen?(): void;
  onEvent(event: FlowEvent): void;
  /** The instance has ended (or was deleted): nothing more will come. */
  onEnd(status: string): void;
  /** Streaming does not work here; the caller should poll instead. */
  onGiveUp(error: unknown): void;
  /** Reconnection delay: `initialMs` doubled per failure in a row up to `maxMs`; `maxFailures` in a row give up. */
  retry?: { initialMs?: number; maxMs?: number; maxFailures?: number };
}

export interface EventStream {
  /** Hangs up for good. */
  close(): void;
}

/** 4xx answers will not change by asking again, except a timeout or a rate limit. */
const refused = (error: unknown) =>
  error instanceof FlowServiceError && error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status);

export function followEventStream(options: EventStreamOptions): EventStream {
  const { initialMs = 1_000, maxMs = 15_000, maxFailures = 5 } = options.retry ?? {};
  const hangUp = new AbortController();
  const { signal } = hangUp;
  let after = options.after;

  /** Reads one connection to its close; true when the server said `end`. */
  async function read(response: Response): Promise<boolean> {
    if (!response.body) throw new Error("this browser cannot read a streamed response");
    let ended = false;
    const parser = createSseParser((message) => {
      if (message.event === "flow-event") {
        const event = JSON.parse(message.data) as FlowEvent;
        // A reconnection resumes after `after`, so nothing repeats; the check keeps that true whatever happens.
        if (event.seq <= after) return;
        after = event.seq;
        options.onEvent(event);
      } else if (message.event === "end") {
        ended = true;
        options.onEnd(String((JSON.parse(message.data) as { status?: unknown }).status ?? "ended"));
      }
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      while (!ended) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    return ended;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const response = await options.open(after, signal);
        failures = 0;
        options.onOpen?.();
        if (await read(response)) return;
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        if (refused(error) || failures >= maxFailures) {
          options.onGiveUp(error);
          return;
        }
      }
      // Also after a clean close without `end` (the server restarting): never reconnect in a tight loop.
      await sleep(Math.min(maxMs, initialMs * 2 ** failures), signal);
    }
  }

  void run();
  return { close: () => hangUp.abort() };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
