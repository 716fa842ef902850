/**
 * Test doubles for the live event stream: a server-sent response the test writes to as it goes, and a promise of
 * the next call of a callback. Used by the event-stream and instance-feed tests; not part of the app.
 */
import type { FlowEvent } from "@mfo/schemas";

export interface FakeStream {
  response: Response;
  event(event: FlowEvent): void;
  end(status: string): void;
  /** The server closes the connection without `end`. */
  drop(): void;
  /** The client hung up: reading fails as fetch's body does after an abort. */
  abort(): void;
}

export function fakeStream(): FakeStream {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  const write = (text: string) => controller?.enqueue(encoder.encode(text));
  return {
    response: new Response(body, { headers: { "content-type": "text/event-stream" } }),
    event: (e) => write(`id: ${e.seq}\nevent: flow-event\ndata: ${JSON.stringify(e)}\n\n`),
    end: (status) => {
      write(`event: end\ndata: ${JSON.stringify({ status })}\n\n`);
      controller?.close();
    },
    drop: () => controller?.close(),
    abort: () => controller?.error(new DOMException("The operation was aborted.", "AbortError")),
  };
}

export const flowEvent = (seq: number, type = "node.completed"): FlowEvent => ({
  seq,
  type,
  nodeId: `n${seq}`,
  at: "2026-01-01T00:00:00.000Z",
});

/** Resolves when `check` holds for a value pushed to the returned `push`. */
export function watch<T>() {
  const seen: T[] = [];
  const waiting: Array<{ check: (value: T) => boolean; resolve: (value: T) => void }> = [];
  return {
    seen,
    push(value: T) {
      seen.push(value);
      for (const w of [...waiting]) {
        if (w.check(value)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(value);
        }
      }
    },
    until(check: (value: T) => boolean): Promise<T> {
      const hit = seen.find(check);
      if (hit !== undefined) return Promise.resolve(hit);
      return new Promise((resolve) => waiting.push({ check, resolve }));
    },
  };
}
