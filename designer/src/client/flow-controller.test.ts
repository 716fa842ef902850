import {
  API,
  eventOf,
  instanceOf,
  instanceRoutes,
  problem,
  requests,
  server,
  service,
  until,
} from "@mfo/client/testing";
import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { flowController } from "./flow-controller.js";
import { createFlowList } from "./flow-list.js";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => requests.splice(0));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const streamRequests = () => requests.filter((r) => r.key === "GET /api/v1/flows/i1/stream");
const FAST = { pollMs: 20, retry: { initialMs: 5, maxMs: 10 } };

describe("the shared flow controller", () => {
  it("gives every follower of one instance the same controller and opens one stream for them all", async () => {
    const server = instanceRoutes(instanceOf("running"), [eventOf(1)]);
    const s = service();
    const a = flowController(s, "i1", FAST);
    const b = flowController(s, "i1", FAST);
    expect(a).toBe(b);
    const stopA = a.subscribe(() => {});
    const stopB = b.subscribe(() => {});
    await until(() => a.getState().mode === "live");
    expect(streamRequests()).toHaveLength(1);
    expect(a.getState()).toMatchObject({ status: "running", loading: false, progress: { done: 2, total: 4 } });

    stopA();
    expect(server.streams[0]?.response.bodyUsed).toBe(true);
    stopB();
    // Once nobody listens, the instance is forgotten: the next follower gets a fresh controller.
    expect(flowController(s, "i1", FAST)).not.toBe(a);
  });

  it("keeps the instance and its events current from the stream", async () => {
    const state = instanceRoutes(instanceOf("running"), [eventOf(1)]);
    const flow = flowController(service(), "i1", FAST);
    const changes: number[] = [];
    const stop = flow.subscribe(() => changes.push(flow.getState().events.length));
    await until(() => flow.getState().mode === "live");
    state.instance = instanceOf("waiting", { progress: { done: 3, total: 4 } });
    state.streams[0]?.event(eventOf(2, "node.waiting"));
    await until(() => flow.getState().status === "waiting");
    expect(flow.getState()).toMatchObject({ currentNodes: ["signoff"], progress: { done: 3, total: 4 } });
    expect(flow.getState().events.map((e) => e.seq)).toEqual([1, 2]);
    stop();
  });

  it("reconnects after a dropped stream from the last event it got (Last-Event-ID)", async () => {
    const state = instanceRoutes(instanceOf("running"), [eventOf(1)]);
    const flow = flowController(service(), "i1", FAST);
    const stop = flow.subscribe(() => {});
    await until(() => state.streams.length === 1);
    state.streams[0]?.event(eventOf(2));
    state.streams[0]?.event(eventOf(3));
    await until(() => flow.getState().events.length === 3);
    state.streams[0]?.drop();
    await until(() => state.streams.length === 2);
    expect(streamRequests().map((r) => r.headers.get("last-event-id"))).toEqual(["1", "3"]);
    state.instance = instanceOf("completed");
    state.streams[1]?.event(eventOf(4, "flow.completed"));
    state.streams[1]?.end("completed");
    await until(() => flow.getState().mode === "ended" && flow.getState().status === "completed");
    stop();
  });

  it("falls back to polling when the server refuses the stream", async () => {
    const state = instanceRoutes(instanceOf("running"));
    server.use(http.get(`${API}/flows/i1/stream`, () => problem(404, "no streams here")));
    const flow = flowController(service(), "i1", FAST);
    const stop = flow.subscribe(() => {});
    await until(() => flow.getState().mode === "polling");
    state.instance = instanceOf("completed");
    await until(() => flow.getState().mode === "ended");
    expect(flow.getState().status).toBe("completed");
    stop();
  });

  it.each([
    [
      "approve",
      (f: ReturnType<typeof flowController>) => f.approve("signoff", "ok"),
      { node: "signoff", decision: "approve", comment: "ok" },
    ],
    ["reject", (f: ReturnType<typeof flowController>) => f.reject("signoff"), { node: "signoff", decision: "reject" }],
    [
      "execute",
      (f: ReturnType<typeof flowController>) => f.execute("manual", { a: 1 }),
      { node: "manual", input: { a: 1 } },
    ],
  ] as const)("sends %s to POST /execute and shows the answer", async (_, act, body) => {
    const state = instanceRoutes(instanceOf("waiting"));
    let sent: unknown;
    server.use(
      http.post(`${API}/flows/i1/execute`, async ({ request }) => {
        sent = await request.json();
        state.instance = instanceOf("completed");
        return HttpResponse.json(state.instance);
      }),
    );
    const flow = flowController(service(), "i1", FAST);
    const stop = flow.subscribe(() => {});
    await until(() => flow.getState().status === "waiting");
    await expect(act(flow)).resolves.toMatchObject({ status: "completed" });
    expect(sent).toEqual(body);
    expect(flow.getState()).toMatchObject({ status: "completed", error: undefined });
    stop();
  });

  it.each([
    ["pause", "paused"],
    ["resume", "running"],
    ["cancel", "cancelled"],
  ] as const)("shows %s at once and keeps the server's answer", async (action, expected) => {
    const state = instanceRoutes(instanceOf(action === "resume" ? "paused" : "running"));
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    server.use(
      http.post(`${API}/flows/i1/${action}`, async () => {
        await released;
        state.instance = instanceOf(expected);
        return HttpResponse.json(state.instance);
      }),
    );
    const flow = flowController(service(), "i1", FAST);
    const stop = flow.subscribe(() => {});
    await until(() => !flow.getState().loading);
    const done = flow[action]();
    expect(flow.getState().status).toBe(expected);
    await until(() => requests.some((r) => r.key === `POST /api/v1/flows/i1/${action}`));
    release();
    await done;
    expect(flow.getState()).toMatchObject({ status: expected, instance: { status: expected } });
    stop();
  });

  it("rolls an optimistic change back when the server answers 409", async () => {
    instanceRoutes(instanceOf("completed"));
    server.use(http.post(`${API}/flows/i1/pause`, () => problem(409, "the flow has ended")));
    const flow = flowController(service(), "i1", FAST);
    const seen: Array<string | undefined> = [];
    const stop = flow.subscribe(() => seen.push(flow.getState().status));
    await until(() => flow.getState().status === "completed");
    await expect(flow.pause()).resolves.toBeUndefined();
    expect(seen.slice(-2)).toEqual(["paused", "completed"]);
    expect(flow.getState().error).toMatchObject({ status: 409, detail: "the flow has ended" });
    stop();
  });

  it("deletes the instance and stops following it", async () => {
    instanceRoutes(instanceOf("running"));
    server.use(http.delete(`${API}/flows/i1`, () => new HttpResponse(null, { status: 204 })));
    const flow = flowController(service(), "i1", FAST);
    const stop = flow.subscribe(() => {});
    await until(() => flow.getState().mode === "live");
    await expect(flow.remove()).resolves.toBe(true);
    expect(flow.getState().removed).toBe(true);
    stop();
  });
});

describe("the flow list", () => {
  it("pages with the cursor and starts again on reload", async () => {
    const summary = (id: string) => ({ ...instanceOf("running", { id }), context: undefined });
    server.use(
      http.get(`${API}/flows`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        return HttpResponse.json(
          cursor ? { items: [summary("b")], nextCursor: null } : { items: [summary("a")], nextCursor: "c1" },
        );
      }),
    );
    const list = createFlowList(service(), { status: "running", limit: 1 });
    await list.reload();
    expect(list.getState()).toMatchObject({ items: [{ id: "a" }], hasMore: true, loading: false });
    await list.loadMore();
    expect(list.getState()).toMatchObject({ items: [{ id: "a" }, { id: "b" }], hasMore: false });
    await list.reload();
    expect(list.getState().items.map((i) => i.id)).toEqual(["a"]);
    expect(requests.map((r) => r.key)).toEqual([
      "GET /api/v1/flows?status=running&limit=1",
      "GET /api/v1/flows?status=running&limit=1&cursor=c1",
      "GET /api/v1/flows?status=running&limit=1",
    ]);
  });
});

describe("an action's answer against a read already in flight", () => {
  it("keeps the newer answer when an older read of the instance arrives after it", async () => {
    const state = instanceRoutes(instanceOf("waiting", { updatedAt: "2026-01-01T00:00:01Z" }));
    let releaseRead: () => void = () => {};
    const readHeld = new Promise<void>((r) => (releaseRead = r));
    const flow = flowController(service(), "i1", FAST);
    const stop = flow.subscribe(() => {});
    await until(() => flow.getState().mode === "live");
    // The stream reports an event; the re-read it causes is answered only after the approval.
    server.use(
      http.get(
        `${API}/flows/i1`,
        async () => {
          const old = state.instance;
          await readHeld;
          return HttpResponse.json(old);
        },
        { once: true },
      ),
      http.post(`${API}/flows/i1/execute`, () => {
        state.instance = instanceOf("completed", { updatedAt: "2026-01-01T00:00:02Z" });
        return HttpResponse.json(state.instance);
      }),
    );
    state.streams[0]?.event(eventOf(2));
    await until(() => flow.getState().events.some((e) => e.seq === 2));
    const approving = flow.approve("signoff");
    await until(() => flow.getState().status === "completed");
    releaseRead();
    await approving;
    await new Promise((r) => setTimeout(r, 50));
    expect(flow.getState().status).toBe("completed");
    stop();
  });
});
