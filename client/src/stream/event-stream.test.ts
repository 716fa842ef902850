import type { FlowEvent } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { FlowServiceError as ApiError } from "../rest/errors.js";
import { type FakeStream, fakeStream, flowEvent, watch } from "../testing/stream-fakes.js";
import { type EventStreamOptions, followEventStream } from "./event-stream.js";

/** Follows a stream whose connections are the given fakes (or failures), one per attempt. */
function follow(connections: Array<FakeStream | Error>, extra: Partial<EventStreamOptions> = {}) {
  const opened: number[] = [];
  const signals: AbortSignal[] = [];
  const events = watch<FlowEvent>();
  const outcome = watch<string>();
  const stream = followEventStream({
    after: 0,
    retry: { initialMs: 1, maxMs: 4, maxFailures: 3 },
    open: async (after, signal) => {
      opened.push(after);
      signals.push(signal);
      const next = connections.shift();
      if (!next) return new Promise<Response>(() => {});
      if (next instanceof Error) throw next;
      signal.addEventListener("abort", () => next.abort());
      return next.response;
    },
    onEvent: (e) => events.push(e),
    onEnd: (status) => outcome.push(`end ${status}`),
    onGiveUp: (error) => outcome.push(`gave up: ${(error as Error).message}`),
    ...extra,
  });
  return { stream, opened, signals, events, outcome };
}

describe("followEventStream", () => {
  it("hands over each event in order and stops at the server's end", async () => {
    const server = fakeStream();
    const { opened, events, outcome } = follow([server]);
    server.event(flowEvent(1));
    server.event(flowEvent(2));
    await events.until((e) => e.seq === 2);
    server.end("completed");
    expect(await outcome.until(() => true)).toBe("end completed");
    expect(events.seen.map((e) => e.seq)).toEqual([1, 2]);
    expect(opened).toEqual([0]);
  });

  it("reconnects after a drop from the last seq it got, never handing over an event twice", async () => {
    const [first, second] = [fakeStream(), fakeStream()];
    const { opened, events, outcome } = follow([first, second], { after: 4 });
    first.event(flowEvent(5));
    first.event(flowEvent(6));
    await events.until((e) => e.seq === 6);
    first.drop();
    second.event(flowEvent(6));
    second.event(flowEvent(7));
    second.end("failed");
    expect(await outcome.until(() => true)).toBe("end failed");
    expect(opened).toEqual([4, 6]);
    expect(events.seen.map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it("gives up at once when the server refuses the stream", async () => {
    const { opened, outcome } = follow([new ApiError(404, "Not found", "no route GET /api/v1/flows/x/stream")]);
    expect(await outcome.until(() => true)).toBe("gave up: no route GET /api/v1/flows/x/stream");
    expect(opened).toHaveLength(1);
  });

  it("backs off and retries an unreachable server, then gives up after the failures allowed in a row", async () => {
    const down = () => new ApiError(0, "Unreachable", "cannot reach the MFO server");
    const server = fakeStream();
    const { opened, events, outcome } = follow([down(), down(), server, down(), down(), down()]);
    server.event(flowEvent(1));
    await events.until((e) => e.seq === 1);
    server.drop();
    // Two failures, a connection (which resets the count), then three failures: the third gives up.
    expect(await outcome.until(() => true)).toBe("gave up: cannot reach the MFO server");
    expect(opened).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it("hangs up when closed", async () => {
    const server = fakeStream();
    const { stream, signals, outcome } = follow([server]);
    stream.close();
    expect(signals[0]?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    // Neither an end nor a give-up: the caller hung up, nothing failed.
    expect(outcome.seen).toEqual([]);
  });
});
