/**
 * Create and wait (POST /flows with `?wait=` or `Prefer: wait=`), in-process on both databases: an instance that
 * ends within the wait is answered 201 with its output, one that does not 202 with where to follow it; a bad wait
 * is a 422 naming it; a client going away or the runtime stopping releases the wait. Across processes on one
 * PostgreSQL: the runtime answering the create hears the end another runtime's worker commits (LISTEN).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";

/** start -> the nodes in a row -> done. */
function chain(id: string, nodes: FlowDefinition["nodes"]): FlowDefinition {
  const all: FlowDefinition["nodes"] = [{ id: "start", type: "start" }, ...nodes, { id: "done", type: "end" }];
  return {
    id,
    name: id,
    nodes: all,
    edges: all.slice(1).map((node, i) => ({ id: `e${i}`, source: all[i]?.id as string, target: node.id })),
  };
}

const transform = (id: string, expression: string) =>
  ({ id, type: "phase", handler: "transform", params: { expression } }) as const;

const FLOWS: FlowDefinition[] = [
  chain("pure", [
    transform("sum", "{ 'sum': input.a + input.b }"),
    transform("tenfold", "{ 'total': phases.sum.output.sum * 10 }"),
  ]),
  chain("short", [{ id: "pause", type: "wait", delayMs: 200 }, transform("after", "{ 'waited': true }")]),
  chain("held", [{ id: "hold", type: "wait", delayMs: 3_600_000 }]),
  chain("breaks", [
    {
      id: "boom",
      type: "phase",
      handler: "transform",
      params: { expression: "$error('broke')" },
      retry: { maxAttempts: 1 },
    },
  ]),
];

const LOW_RISK = { application: "billing", loc: 1_000, integrations: 0 };
const HIGH_RISK = { application: "billing", loc: 250_000, integrations: 15 };

/** Sends POST /api/v1/flows to `runtime` with the admin key; `query` and `prefer` ask for a wait. */
async function create(
  runtime: Runtime,
  body: Record<string, unknown>,
  { query = "", prefer, signal }: { query?: string; prefer?: string; signal?: AbortSignal } = {},
) {
  const response = await runtime.app.request(`/api/v1/flows${query}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${runtime.adminKey}`,
      "content-type": "application/json",
      ...(prefer ? { prefer } : {}),
    },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe.each(["pglite", "postgres"] as const)("create and wait on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-wait-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl, maxCreateWaitSeconds: 30 }));
    for (const flow of FLOWS) await runtime.registry.publish("default", flow);
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers an all-transform flow 201 completed, with the output of its last phase", async () => {
    const answer = await create(runtime, { flowType: "pure", input: { a: 1, b: 2 } }, { query: "?wait=10" });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ flowType: "pure", status: "completed", output: { total: 30 } });
    expect(answer.body.finishedAt).toEqual(expect.any(String));
    expect(answer.headers.get("preference-applied")).toBe("wait=10");
    // The same instance as GET answers it, plus its output.
    const read = await runtime.app.request(`/api/v1/flows/${answer.body.id}`, {
      headers: { authorization: `Bearer ${runtime.adminKey}` },
    });
    const { output, ...instance } = answer.body;
    expect(await read.json()).toEqual(instance);
  });

  it("takes the wait from Prefer (RFC 7240) too, and says the wait it applied, capped", async () => {
    const answer = await create(
      runtime,
      { flowType: "pure", input: { a: 2, b: 2 } },
      { prefer: "respond-async, wait=9999" },
    );
    expect(answer.status).toBe(201);
    expect(answer.body.output).toEqual({ total: 40 });
    expect(answer.headers.get("preference-applied")).toBe("wait=30");
  });

  it("answers 201 for a flow that ends during the wait (a 200 ms wait node run by the worker)", async () => {
    const answer = await create(runtime, { flowType: "short" }, { query: "?wait=20s" });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: "completed", output: { waited: true } });
  });

  it("follows the branch taken into the end node: the low-risk assessment's recommendation", async () => {
    const answer = await create(runtime, { flowType: "assessment", input: LOW_RISK }, { query: "?wait=20" });
    expect(answer.status).toBe(201);
    expect(answer.body.output).toMatchObject({ strategy: "rehost" });
  });

  it("answers a failed flow 201 failed, with a null output (no end node reached)", async () => {
    const answer = await create(runtime, { flowType: "breaks" }, { query: "?wait=20" });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: "failed", output: null, lastError: { nodeId: "boom" } });
  });

  it("answers 202 with the status URL and Location when the wait passes first", async () => {
    const answer = await create(runtime, { flowType: "held" }, { query: "?wait=300ms" });
    expect(answer.status).toBe(202);
    const id = answer.body.id as string;
    expect(answer.body).toMatchObject({ status: "running", statusUrl: `/api/v1/flows/${id}/status` });
    expect(answer.body).not.toHaveProperty("output");
    expect(answer.headers.get("location")).toBe(`/api/v1/flows/${id}`);
    expect(answer.headers.get("preference-applied")).toBe("wait=0.3");
  });

  it("answers 202 at once when the instance stops for a person (an approval), not at the end of the wait", async () => {
    const answer = await create(runtime, { flowType: "assessment", input: HIGH_RISK }, { query: "?wait=30" });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: "waiting", currentNodes: ["sign-off"] });
  });

  it("answers a repeated idempotency key 200 with the ended instance and its output", async () => {
    const body = { flowType: "pure", input: { a: 5, b: 5 }, idempotencyKey: "wait-once" };
    const first = await create(runtime, body, { query: "?wait=10" });
    const again = await create(runtime, body, { query: "?wait=10" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: "completed", output: { total: 100 } });
  });

  it("without a wait, answers as before: 201 with the instance as created, no output", async () => {
    const answer = await create(runtime, { flowType: "held" });
    expect(answer.status).toBe(201);
    expect(answer.body).not.toHaveProperty("output");
    expect(answer.body).not.toHaveProperty("statusUrl");
    expect(answer.headers.get("preference-applied")).toBeNull();
  });

  it.each([
    ["?wait=soon", undefined, "/wait"],
    ["?wait=-1", undefined, "/wait"],
    ["?wait=1h", undefined, "/wait"],
    ["?wait=", undefined, "/wait"],
    ["", "wait=ten", "/Prefer"],
    ["", "wait", "/Prefer"],
    ["", "wait=10s", "/Prefer"],
  ])("refuses the wait %s %s with a 422 naming it, and creates nothing", async (query, prefer, path) => {
    const before = await runtime.app.request("/api/v1/flows?flowType=held&limit=200", {
      headers: { authorization: `Bearer ${runtime.adminKey}` },
    });
    const count = ((await before.json()) as { items: unknown[] }).items.length;
    const answer = await create(runtime, { flowType: "held" }, { query, ...(prefer ? { prefer } : {}) });
    expect(answer.status).toBe(422);
    expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((answer.body.errors as Array<{ path: string }>)[0]?.path).toBe(path);
    const after = await runtime.app.request("/api/v1/flows?flowType=held&limit=200", {
      headers: { authorization: `Bearer ${runtime.adminKey}` },
    });
    expect(((await after.json()) as { items: unknown[] }).items).toHaveLength(count);
  });

  it("releases the wait when the client goes away: nothing stays registered", async () => {
    const client = new AbortController();
    const answer = create(runtime, { flowType: "held" }, { query: "?wait=30", signal: client.signal });
    await vi.waitFor(() => expect(runtime.endings.size()).toBe(1));
    client.abort();
    await answer.catch(() => undefined);
    await vi.waitFor(() => expect(runtime.endings.size()).toBe(0));
  });

  it("answers waiting requests 202 when the runtime stops (its event bus closes)", async () => {
    const answer = create(runtime, { flowType: "held" }, { query: "?wait=30" });
    await vi.waitFor(() => expect(runtime.endings.size()).toBe(1));
    await runtime.events.close();
    expect((await answer).status).toBe(202);
    expect(runtime.endings.size()).toBe(0);
  });
});

describe("create and wait across processes (PostgreSQL)", () => {
  const runtimes: Runtime[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase(inject("postgresUrl"));
    for (let i = 0; i < 2; i++) {
      const dir = await mkdtemp(join(tmpdir(), "mfo-wait-pair-"));
      dirs.push(dir);
      runtimes.push(await createRuntime(testConfig(dir, { databaseUrl })));
    }
    for (const flow of FLOWS) await runtimes[0]?.registry.publish("default", flow);
    // Only the second runtime works: the first answers creates, and can only learn of an end from the other.
    runtimes[1]?.engine.start();
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("answers 201 from the runtime that created the instance when another runtime's worker ends it", async () => {
    const [here] = runtimes as [Runtime, Runtime];
    const answer = await create(here, { flowType: "short" }, { query: "?wait=20" });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: "completed", output: { waited: true } });
    expect(here.endings.size()).toBe(0);
  });
});
