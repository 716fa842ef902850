import type { FlowEvent, Instance, InstanceStatus } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { FlowServiceError as ApiError } from "../rest/errors.js";
import { type FakeStream, fakeStream, flowEvent, watch } from "../testing/stream-fakes.js";
import { createInstanceFeed, type FeedState } from "./instance-feed.js";

type FeedApi = Parameters<typeof createInstanceFeed>[0];

/** A runtime holding one instance, whose stream connections are the given fakes (or refusals), in turn. */
function fakeRuntime(status: InstanceStatus, history: FlowEvent[], connections: Array<FakeStream | Error>) {
  const server = {
    instance: {
      id: "i1",
      flowType: "sample",
      version: 1,
      status,
      context: { input: {}, phases: {}, vars: {} },
      currentNodes: [],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      finishedAt: null,
    } as Instance,
    history,
    streamedAfter: [] as number[],
  };
  const api: FeedApi = {
    getFlow: async () => structuredClone(server.instance),
    events: async () => ({ items: [...server.history] }),
    stream: async (_id, { after = 0, signal } = {}) => {
      server.streamedAfter.push(after);
      const next = connections.shift();
      if (!next) return new Promise<Response>(() => {});
      if (next instanceof Error) throw next;
      signal?.addEventListener("abort", () => next.abort());
      return next.response;
    },
  };
  return { server, api };
}

function open(api: FeedApi) {
  const states = watch<FeedState>();
  const feed = createInstanceFeed(api, "i1", states.push, { pollMs: 5, retry: { initialMs: 1, maxFailures: 2 } });
  return { feed, states };
}

describe("createInstanceFeed", () => {
  it("reads the instance and its history, then follows the stream from there, re-reading the instance on events", async () => {
    const live = fakeStream();
    const { server, api } = fakeRuntime("running", [flowEvent(1), flowEvent(2)], [live]);
    const { feed, states } = open(api);
    await states.until((s) => s.mode === "live");
    expect(server.streamedAfter).toEqual([2]);

    server.instance = { ...server.instance, status: "completed", currentNodes: [] };
    live.event(flowEvent(3, "instance.completed"));
    const updated = await states.until((s) => s.instance?.status === "completed");
    expect(updated.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    live.end("completed");
    await states.until((s) => s.mode === "ended");
    feed.close();
  });

  it("falls back to polling when the server refuses the stream, until the instance ends", async () => {
    const refused = new ApiError(404, "Not found", "no route GET /api/v1/flows/i1/stream");
    const { server, api } = fakeRuntime("running", [flowEvent(1)], [refused]);
    const { feed, states } = open(api);
    await states.until((s) => s.mode === "polling");
    server.history = [flowEvent(1), flowEvent(2, "instance.completed")];
    server.instance = { ...server.instance, status: "completed" };
    const ended = await states.until((s) => s.mode === "ended");
    expect(ended.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(server.streamedAfter).toEqual([1]);
    feed.close();
  });

  it("never steps back to an older read when a refresh and a re-read after an event answer out of order", async () => {
    const live = fakeStream();
    const { server, api } = fakeRuntime("running", [flowEvent(1)], [live]);
    const { feed, states } = open(api);
    await states.until((s) => s.mode === "live");
    // The refresh after an operator's action reads first, and its answer (still running) is held back...
    let answerRefresh: (() => void) | undefined;
    const read = api.getFlow;
    api.getFlow = async (id, options) => {
      const snapshot = await read(id, options);
      await new Promise<void>((resolve) => {
        answerRefresh = resolve;
      });
      return snapshot;
    };
    const refreshed = feed.refresh();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // ...while the flow reaches the next approval: its event's re-read answers at once.
    api.getFlow = read;
    server.instance = { ...server.instance, status: "waiting" };
    live.event(flowEvent(2, "node.waiting"));
    await states.until((s) => s.instance?.status === "waiting");
    answerRefresh?.();
    await refreshed;
    expect(states.seen.at(-1)?.instance?.status).toBe("waiting");
    feed.close();
  });

  it("follows again when a refresh finds an ended instance active again (a failed flow resumed)", async () => {
    const live = fakeStream();
    const { server, api } = fakeRuntime("failed", [flowEvent(1), flowEvent(2, "instance.failed")], [live]);
    const { feed, states } = open(api);
    await states.until((s) => s.mode === "ended");
    expect(server.streamedAfter).toEqual([]);

    server.history.push(flowEvent(3, "instance.resumed"));
    server.instance = { ...server.instance, status: "running" };
    await feed.refresh();
    await states.until((s) => s.mode === "live");
    expect(server.streamedAfter).toEqual([3]);
    feed.close();
  });
});
