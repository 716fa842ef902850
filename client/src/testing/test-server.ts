/**
 * A mocked runtime for the client's tests (MSW on node): one instance, its history, a stream the test writes to,
 * and a log of every request. Not part of the client.
 */
import type { FlowEvent, Instance, InstanceStatus } from "@mfo/schemas";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { createFlowService } from "../rest/flow-service.js";
import { type FakeStream, fakeStream } from "./stream-fakes.js";

export const BASE = "http://mfo.test";
export const API = `${BASE}/api/v1`;

export const instanceOf = (status: InstanceStatus, patch: Partial<Instance> = {}): Instance => ({
  id: "i1",
  flowType: "assessment",
  version: 1,
  status,
  context: { input: {}, phases: {} } as unknown as Instance["context"],
  currentNodes: status === "waiting" ? ["signoff"] : [],
  progress: { done: 2, total: 4 },
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  ...patch,
});

export const eventOf = (seq: number, type = "node.completed"): FlowEvent => ({
  seq,
  type,
  nodeId: "risk",
  at: "2026-01-01T00:00:00Z",
});

export const problem = (status: number, detail: string, extra: object = {}) =>
  HttpResponse.json(
    { type: "about:blank", title: status === 409 ? "Conflict" : "Error", status, detail, ...extra },
    { status, headers: { "content-type": "application/problem+json" } },
  );

export const server = setupServer();

/** Every request the server saw, as "METHOD /path" with its headers. */
export const requests: Array<{ key: string; headers: Headers; body?: unknown }> = [];
server.events.on("request:start", ({ request }) => {
  const url = new URL(request.url);
  requests.push({ key: `${request.method} ${url.pathname}${url.search}`, headers: request.headers });
});

/** One instance as the server has it, with a stream per connection (the latest in `streams`). */
export function instanceRoutes(initial: Instance, history: FlowEvent[] = []) {
  const state = { instance: initial, history, streams: [] as FakeStream[] };
  server.use(
    http.get(`${API}/flows/i1`, () => HttpResponse.json(state.instance)),
    http.get(`${API}/flows/i1/events`, () => HttpResponse.json({ items: state.history })),
    http.get(`${API}/flows/i1/stream`, () => {
      const stream = fakeStream();
      state.streams.push(stream);
      return stream.response;
    }),
  );
  return state;
}

export const service = (retry = { initialMs: 1 }) => createFlowService({ baseUrl: BASE, apiKey: "k1", retry });

export const until = async (check: () => boolean, ms = 3_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};
