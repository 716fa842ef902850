/**
 * GET /flows/:id/stream on both databases, in-process (app.request): the live history of an instance, resumable,
 * ended once the instance has; and on PostgreSQL across two runtimes, one only serving HTTP, the other running
 * the engine.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition, FlowEvent } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { createTenant, storeKey } from "../../store/tenant-repository.js";
import { type ServedRuntime, serveTestRuntime, testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { readSse, type SseMessage } from "../../testing/sse-reader.js";

/** Prepares, waits for sign-off, finishes: a flow whose history grows while a stream is open. */
const SIGNED: FlowDefinition = {
  id: "signed",
  name: "Signed",
  nodes: [
    { id: "start", type: "start" },
    { id: "prepare", type: "phase", handler: "transform", params: { expression: "{ 'ready': true }" } },
    { id: "sign", type: "approval" },
    { id: "finish", type: "phase", handler: "transform", params: { expression: "{ 'done': true }" } },
    { id: "done", type: "end" },
    { id: "rejected", type: "end", outcome: "failed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "prepare" },
    { id: "e2", source: "prepare", target: "sign" },
    { id: "e3", source: "sign", target: "finish", on: "approve" },
    { id: "e4", source: "sign", target: "rejected", on: "reject" },
    { id: "e5", source: "finish", target: "done" },
  ],
} as FlowDefinition;

const KEYS = { viewer: "stream-viewer", operator: "stream-operator", other: "stream-other-tenant" };

/** An in-process client of one runtime's API. */
function client(runtime: Runtime) {
  const request = (method: string, path: string, key: string, init: { body?: unknown; headers?: object } = {}) =>
    runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const json = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await request(method, path, key, { body });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  return {
    request,
    json,
    stream: (id: string, headers: object = {}, query = "") =>
      request("GET", `/flows/${id}/stream${query}`, KEYS.viewer, { headers }),
    events: async (id: string) =>
      ((await json("GET", `/flows/${id}/events`, KEYS.viewer)) as { items: FlowEvent[] }).items,
    create: async () => ((await json("POST", "/flows", KEYS.operator, { flowType: SIGNED.id })) as { id: string }).id,
    approve: (id: string) => json("POST", `/flows/${id}/execute`, KEYS.operator, { node: "sign", decision: "approve" }),
    async until(id: string, status: string) {
      for (let i = 0; i < 500; i++) {
        const body = (await json("GET", `/flows/${id}/status`, KEYS.viewer)) as { status: string };
        if (body.status === status) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`instance ${id} never reached ${status}`);
    },
  };
}

async function addKeys(runtime: Runtime): Promise<void> {
  const { db } = runtime.database;
  await storeKey(db, "default", "viewer", "viewer", KEYS.viewer);
  await storeKey(db, "default", "operator", "operator", KEYS.operator);
  await createTenant(db, { id: "other", name: "Other" });
  await storeKey(db, "other", "admin", "other admin", KEYS.other);
}

const flowEvents = (messages: SseMessage[]) =>
  messages.filter((m) => m.event === "flow-event").map((m) => JSON.parse(m.data) as FlowEvent);
const isWaitingAtSign = (m: SseMessage) =>
  m.event === "flow-event" && (JSON.parse(m.data) as FlowEvent).type === "node.waiting";

describe.each(["pglite", "postgres"] as const)("event stream on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-stream-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    runtime.engine.start();
    await addKeys(runtime);
    await runtime.registry.publish("default", SIGNED);
    api = client(runtime);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A run to its end, with the stream's view of it. */
  async function completedRun() {
    const id = await api.create();
    await api.until(id, "waiting");
    await api.approve(id);
    await api.until(id, "completed");
    return { id, history: await api.events(id) };
  }

  it("streams the history, then each new event live, in order, and ends once the flow has ended", async () => {
    const id = await api.create();
    await api.until(id, "waiting");
    const response = await api.stream(id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const stream = readSse(response);
    const before = await stream.until(isWaitingAtSign);
    // The commits wake the stream at once (the safety poll is only a backstop): the bus hears of them.
    const woken = new Promise<void>((resolve) => runtime.events.subscribe(id, resolve));
    await api.approve(id);
    const after = await stream.rest();
    await woken;

    const end = after.at(-1);
    expect(end?.event).toBe("end");
    expect(JSON.parse(end?.data ?? "null")).toEqual({ status: "completed" });
    const streamed = flowEvents([...before, ...after]);
    expect(streamed).toEqual(await api.events(id));
    expect(streamed.map((e) => e.seq)).toEqual(streamed.map((_, i) => i + 1));
    expect([...before, ...after].filter((m) => m.event === "flow-event").map((m) => m.id)).toEqual(
      streamed.map((e) => String(e.seq)),
    );
    expect(streamed.map((e) => e.type)).toContain("node.decided");
  });

  it("resumes after Last-Event-ID (or ?after=) with exactly the later events", async () => {
    const { id, history } = await completedRun();
    const later = history.filter((e) => e.seq > 3);
    const byHeader = await readSse(await api.stream(id, { "last-event-id": "3" })).rest();
    expect(flowEvents(byHeader)).toEqual(later);
    expect(byHeader.at(-1)?.event).toBe("end");
    const byQuery = await readSse(await api.stream(id, {}, "?after=3")).rest();
    expect(flowEvents(byQuery)).toEqual(later);
    // The header wins: it is what EventSource sends when it reconnects to the URL it was given.
    const both = await readSse(await api.stream(id, { "last-event-id": "5" }, "?after=1")).rest();
    expect(flowEvents(both)).toEqual(history.filter((e) => e.seq > 5));

    const last = history.at(-1)?.seq ?? 0;
    const caughtUp = await readSse(await api.stream(id, { "last-event-id": String(last) })).rest();
    expect(caughtUp.map((m) => m.event)).toEqual(["end"]);
  });

  it("ends the stream of a waiting flow when an operator cancels it", async () => {
    const id = await api.create();
    await api.until(id, "waiting");
    const stream = readSse(await api.stream(id));
    await stream.until(isWaitingAtSign);
    await api.json("POST", `/flows/${id}/cancel`, KEYS.operator);
    const rest = await stream.rest();
    expect(flowEvents(rest).map((e) => e.type)).toEqual(["instance.cancelled"]);
    expect(JSON.parse(rest.at(-1)?.data ?? "null")).toEqual({ status: "cancelled" });
  });

  it("answers 404 for another tenant's or a missing instance, 401 without a key, 422 for a bad resume point", async () => {
    const { id } = await completedRun();
    const other = await api.request("GET", `/flows/${id}/stream`, KEYS.other);
    expect(other.status).toBe(404);
    expect(other.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await api.stream("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await api.stream("not-an-id")).status).toBe(404);
    expect((await runtime.app.request(`/api/v1/flows/${id}/stream`)).status).toBe(401);
    for (const [headers, query] of [
      [{ "last-event-id": "x" }, ""],
      [{}, "?after=-1"],
      [{}, "?after=99999999999"],
    ]) {
      const bad = await api.stream(id, headers as object, query as string);
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toMatch(
        /^\/(last-event-id|after)$/,
      );
    }
  });
});

describe("event stream over HTTP when the client or the server goes away", () => {
  let served: ServedRuntime;
  let dataDir: string;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-stream-http-"));
    const databaseUrl = await createTestDatabase(inject("postgresUrl"));
    served = await serveTestRuntime(testConfig(dataDir, { databaseUrl }));
    await addKeys(served.runtime);
    await served.runtime.registry.publish("default", SIGNED);
    api = client(served.runtime);
  });
  afterAll(async () => {
    await served?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Opens the stream of a new waiting instance over HTTP and reads it up to the wait. */
  async function openWaiting(signal?: AbortSignal) {
    const id = await api.create();
    await api.until(id, "waiting");
    const response = await fetch(`${served.url}/api/v1/flows/${id}/stream`, {
      headers: { authorization: `Bearer ${KEYS.viewer}` },
      ...(signal ? { signal } : {}),
    });
    const stream = readSse(response);
    await stream.until(isWaitingAtSign);
    return { id, stream };
  }

  it("drops the stream's subscription when the client hangs up", async () => {
    const bus = served.runtime.events;
    const subscribe = bus.subscribe;
    const unsubscribed = new Promise<string>((resolve) => {
      bus.subscribe = (instanceId, wake) => {
        const stop = subscribe(instanceId, wake);
        return () => {
          stop();
          resolve(instanceId);
        };
      };
    });
    try {
      const hangUp = new AbortController();
      const { id } = await openWaiting(hangUp.signal);
      hangUp.abort();
      expect(await unsubscribed).toBe(id);
    } finally {
      bus.subscribe = subscribe;
    }
  });

  it("ends open streams without `end` when the runtime closes, so clients reconnect (perhaps to another process)", async () => {
    const { stream } = await openWaiting();
    // The server waits for open requests before it closes: this returns only because the streams ended.
    await served.close();
    expect(await stream.rest()).toEqual([]);
  });
});

describe("event stream across runtime processes on one PostgreSQL", () => {
  let front: Runtime;
  let worker: Runtime;
  const dirs: string[] = [];

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase(inject("postgresUrl"));
    for (let i = 0; i < 2; i++) dirs.push(await mkdtemp(join(tmpdir(), "mfo-stream-cluster-")));
    // `front` only serves HTTP (its worker never starts); `worker` runs every step.
    front = await createRuntime(testConfig(dirs[0] as string, { databaseUrl }));
    worker = await createRuntime(testConfig(dirs[1] as string, { databaseUrl }));
    worker.engine.start();
    await addKeys(front);
    await front.registry.publish("default", SIGNED);
  });
  afterAll(async () => {
    await front?.close();
    await worker?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("delivers on one runtime the events another runtime's engine commits", async () => {
    const onFront = client(front);
    const onWorker = client(worker);
    const id = await onFront.create();
    // Only a NOTIFY from the worker's process can wake the front's bus: the front commits nothing.
    const notified = new Promise<void>((resolve) => front.events.subscribe(id, resolve));
    await onFront.until(id, "waiting");
    const stream = readSse(await onFront.stream(id));
    const before = await stream.until(isWaitingAtSign);
    await onWorker.approve(id);
    const after = await stream.rest();
    await notified;

    expect(after.at(-1)?.event).toBe("end");
    expect(flowEvents([...before, ...after])).toEqual(await onFront.events(id));
    expect(flowEvents(after).map((e) => e.type)).toEqual(
      expect.arrayContaining(["node.decided", "node.completed", "instance.completed"]),
    );
  });
});
