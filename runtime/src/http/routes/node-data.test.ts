/**
 * The node data of a run (issue 18): what each node did, read back through GET /flows/{id}/nodes/{nodeId} and
 * GET /flows/{id}/attempts. A flow with a transform, an http phase against a local service (its first call
 * fails, the retry passes its validator), a chatty handler, a decision, an approval and a wait: the API answers
 * the resolved params, outputs, validator results, both attempts of the retried phase, the log lines (bounded),
 * the decision's edge and condition values, who approved with what comment, and when the wait was due and fired.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition, NodeAttempt, NodeAttemptList, NodeData } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handler } from "../../handlers/types.js";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { storeKey } from "../../store/tenant-repository.js";
import { testConfig } from "../../testing/cli-harness.js";

/** Logs 200 lines: the attempt keeps 100 of them. */
const chatty: Handler = {
  entry: { name: "chatty", title: "Chatty", description: "logs 200 lines", paramsSchema: { type: "object" } },
  async run(_params, ctx) {
    for (let i = 0; i < 200; i++) ctx.logger.info({ line: i }, `line ${i}`);
    return { said: 200 };
  },
};

function dataFlow(base: string): FlowDefinition {
  return {
    id: "traced",
    name: "Traced",
    nodes: [
      { id: "start", type: "start" },
      { id: "shape", type: "phase", handler: "transform", params: { expression: "{ 'size': input.size * 2 }" } },
      {
        id: "fetch",
        type: "phase",
        handler: "http",
        params: { url: `='${base}/stock/' & phases.shape.output.size` },
        retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
        validators: [{ type: "schema", params: { schema: { type: "object", required: ["body"] } } }],
      },
      { id: "talk", type: "phase", handler: "chatty" },
      { id: "route", type: "decision" },
      { id: "sign", type: "approval" },
      { id: "cool", type: "wait", delayMs: 1 },
      { id: "done", type: "end" },
      { id: "small", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "shape" },
      { id: "e2", source: "shape", target: "fetch" },
      { id: "e3", source: "fetch", target: "talk" },
      { id: "e4", source: "talk", target: "route" },
      { id: "tiny", source: "route", target: "small", condition: "phases.shape.output.size < 5" },
      { id: "big", source: "route", target: "sign", condition: "phases.fetch.output.body.stock > 3" },
      { id: "other", source: "route", target: "small", default: true },
      { id: "e5", source: "sign", target: "cool", on: "approve" },
      { id: "e6", source: "sign", target: "small", on: "reject" },
      { id: "e7", source: "cool", target: "done" },
    ],
  } as FlowDefinition;
}

const KEY = "mfo_node_data_operator";

describe("node data", () => {
  let runtime: Runtime;
  let dataDir: string;
  let keyId: string;
  let server: Server;
  const calls: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      calls.push(request.url ?? "");
      const first = calls.filter((c) => c === request.url).length === 1;
      response.writeHead(first ? 503 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify(first ? { busy: true } : { stock: 7 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    dataDir = await mkdtemp(join(tmpdir(), "mfo-node-data-"));
    runtime = await createRuntime(testConfig(dataDir, { httpAllowHosts: ["127.0.0.1"], pollMs: 5 }), {
      packs: [{ name: "chatty", handlers: [chatty], validators: [], templates: [] }],
    });
    runtime.engine.start();
    keyId = await storeKey(runtime.database.db, "default", "operator", "Dana (ops)", KEY);
    const { port } = server.address() as AddressInfo;
    await runtime.registry.publish("default", dataFlow(`http://127.0.0.1:${port}`));
  });
  afterAll(async () => {
    await runtime?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  const request = (method: string, path: string, body?: unknown) =>
    runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await request(method, path, body);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return response.json() as Promise<T>;
  };
  const node = (id: string, nodeId: string) => ok<NodeData>("GET", `/flows/${id}/nodes/${nodeId}`);
  async function until(id: string, status: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if ((await ok<{ status: string }>("GET", `/flows/${id}/status`)).status === status) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`instance ${id} never became ${status}`);
  }

  it("answers what each node did: params, outputs, validators, retries, logs, decision, approval, wait", async () => {
    const { id } = await ok<{ id: string }>("POST", "/flows", { flowType: "traced", input: { size: 3 } });
    await until(id, "waiting");

    const start = await node(id, "start");
    expect(start).toMatchObject({ instanceId: id, nodeId: "start", type: "start" });
    expect(start.attempts).toMatchObject([{ run: 1, attempt: 1, status: "completed", output: { size: 3 } }]);

    const shape = (await node(id, "shape")).attempts;
    expect(shape).toMatchObject([
      { status: "completed", input: { expression: "{ 'size': input.size * 2 }" }, output: { size: 6 } },
    ]);

    const fetch = (await node(id, "fetch")).attempts;
    expect(fetch.map((a) => [a.run, a.attempt, a.status])).toEqual([
      [1, 1, "retrying"],
      [1, 2, "completed"],
    ]);
    const [failed, passed] = fetch as [NodeAttempt, NodeAttempt];
    expect(failed.input).toMatchObject({ url: expect.stringMatching(/\/stock\/6$/) });
    expect(failed.error).toMatchObject({ nodeId: "fetch", code: expect.any(String) });
    expect(passed).toMatchObject({
      output: { status: 200, body: { stock: 7 } },
      validators: [{ type: "schema", ok: true }],
      error: null,
      idempotencyKey: `${id}:fetch:2`,
    });
    expect(passed.startedSeq).toBeLessThan(passed.finishedSeq);
    expect(passed.durationMs).toBeGreaterThanOrEqual(0);

    const talk = (await node(id, "talk")).attempts[0] as NodeAttempt;
    expect(talk.logs).toHaveLength(100);
    expect(talk.logs?.[0]).toMatchObject({ level: "info", message: "line 0", fields: { line: 0 } });
    expect(talk.logsTruncated).toBe(true);
    expect(shape[0]?.logs).toBeUndefined();

    const route = (await node(id, "route")).attempts;
    expect(route).toMatchObject([
      {
        status: "completed",
        detail: {
          edge: "big",
          conditions: [
            { edge: "tiny", when: "phases.shape.output.size < 5", value: false },
            { edge: "big", when: "phases.fetch.output.body.stock > 3", value: true },
          ],
        },
      },
    ]);

    // Waiting at the approval: a known node without attempts yet.
    expect((await node(id, "sign")).attempts).toEqual([]);
    await ok("POST", `/flows/${id}/execute`, { node: "sign", decision: "approve", comment: "stock is fine" });
    await until(id, "completed");
    expect((await node(id, "sign")).attempts).toMatchObject([
      {
        status: "completed",
        output: { decision: "approve", comment: "stock is fine" },
        detail: { decision: "approve", comment: "stock is fine", by: { keyId, name: "Dana (ops)", role: "operator" } },
      },
    ]);
    const cool = (await node(id, "cool")).attempts[0] as NodeAttempt;
    expect(cool.detail).toEqual({ dueAt: expect.any(String), firedAt: expect.any(String) });
    expect(Date.parse(cool.detail?.firedAt as string)).toBeGreaterThanOrEqual(Date.parse(cool.detail?.dueAt as string));

    // Every attempt in the order recorded, in pages; the seqs point into the history.
    const all = await ok<NodeAttemptList>("GET", `/flows/${id}/attempts`);
    expect(all.items.map((a) => `${a.nodeId}:${a.status}`)).toEqual([
      "start:completed",
      "shape:completed",
      "fetch:retrying",
      "fetch:completed",
      "talk:completed",
      "route:completed",
      "sign:completed",
      "cool:completed",
    ]);
    expect(all.nextCursor).toBeNull();
    const events = (
      await ok<{ items: Array<{ seq: number; type: string; nodeId: string }> }>("GET", `/flows/${id}/events`)
    ).items;
    for (const attempt of all.items) {
      const ended = events.find((e) => e.seq === attempt.finishedSeq);
      expect(ended?.nodeId).toBe(attempt.nodeId);
    }
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page: NodeAttemptList = await ok(
        "GET",
        `/flows/${id}/attempts?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items.map((a) => `${a.nodeId}:${a.status}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((a) => `${a.nodeId}:${a.status}`));
  });

  it("answers 404 for an unknown instance or node, 422 for a bad page", async () => {
    const { id } = await ok<{ id: string }>("POST", "/flows", { flowType: "traced", input: { size: 1 } });
    for (const path of [
      `/flows/00000000-0000-4000-8000-000000000000/nodes/start`,
      `/flows/not-a-uuid/nodes/start`,
      `/flows/${id}/nodes/nowhere`,
      `/flows/00000000-0000-4000-8000-000000000000/attempts`,
    ]) {
      const response = await request("GET", path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    for (const query of ["limit=0", "limit=1001", "limit=abc", "cursor=%%%", "cursor=LTE"]) {
      const response = await request("GET", `/flows/${id}/attempts?${query}`);
      expect(response.status, query).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});
