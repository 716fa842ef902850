/**
 * What an operator sees of an instance is true. An operator's action says who took it and why: the comment of a
 * decision and the reason of a cancel land in the instance's history beside the API key that acted (its id, name
 * and role), as the run view's history shows them ("approved by Dana: fine"). Progress does not claim every step
 * done while the flow sleeps in (or is paused at) a wait. While the runtime stops, a stream asked for answers 503.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition, FlowEvent } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { storeKey } from "../../store/tenant-repository.js";
import { testConfig } from "../../testing/cli-harness.js";

const GATED: FlowDefinition = {
  id: "gated",
  name: "Gated",
  nodes: [
    { id: "start", type: "start" },
    { id: "sign", type: "approval", label: "Sign-off" },
    { id: "done", type: "end" },
    { id: "rejected", type: "end", outcome: "failed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "sign" },
    { id: "e2", source: "sign", target: "done", on: "approve" },
    { id: "e3", source: "sign", target: "rejected", on: "reject" },
  ],
} as FlowDefinition;

/** Two phases, then an hour's wait: paused there, the flow has not done all its steps. */
const SOAKED: FlowDefinition = {
  id: "soaked",
  name: "Soaked",
  nodes: [
    { id: "start", type: "start" },
    { id: "build", type: "phase", handler: "transform", params: { expression: "{ 'built': true }" } },
    { id: "deploy", type: "phase", handler: "transform", params: { expression: "{ 'deployed': true }" } },
    { id: "soak", type: "wait", delayMs: 3_600_000 },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "build" },
    { id: "e2", source: "build", target: "deploy" },
    { id: "e3", source: "deploy", target: "soak" },
    { id: "e4", source: "soak", target: "done" },
  ],
} as FlowDefinition;

const OPERATOR_KEY = "mfo_operator_notes_dana";

describe("operator notes in the history", () => {
  let runtime: Runtime;
  let dataDir: string;
  let keyId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-notes-"));
    runtime = await createRuntime(testConfig(dataDir));
    runtime.engine.start();
    keyId = await storeKey(runtime.database.db, "default", "operator", "Dana (ops)", OPERATOR_KEY);
    await runtime.registry.publish("default", GATED);
    await runtime.registry.publish("default", SOAKED);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const request = (method: string, path: string, body?: unknown) =>
    runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await request(method, path, body);
    expect(response.ok, await response.clone().text()).toBe(true);
    return response.json() as Promise<{ id: string; status: string }>;
  };
  const history = async (id: string) =>
    ((await ok("GET", `/flows/${id}/events`)) as unknown as { items: FlowEvent[] }).items;
  const eventOf = async (id: string, type: string) => (await history(id)).find((e) => e.type === type);

  /** A new instance of `flowType`, once `reached` says it got where the test needs it. */
  async function instanceAt(flowType: string, reached: (id: string) => Promise<boolean>): Promise<string> {
    const { id } = await ok("POST", "/flows", { flowType });
    for (let i = 0; i < 500; i++) {
      if (await reached(id)) return id;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`instance ${id} of ${flowType} never got there`);
  }
  const waitingInstance = () =>
    instanceAt(GATED.id, async (id) => (await ok("GET", `/flows/${id}`)).status === "waiting");

  it("counts a wait as a step: paused at its wait, a flow has not done all its steps", async () => {
    const id = await instanceAt(SOAKED.id, async (id) => (await eventOf(id, "node.waiting")) !== undefined);
    await ok("POST", `/flows/${id}/pause`);
    const status = (await ok("GET", `/flows/${id}/status`)) as unknown as { progress: object; currentNodes: string[] };
    expect(status.currentNodes).toEqual(["soak"]);
    expect(status.progress).toEqual({ done: 2, total: 3 });
    const instance = (await ok("GET", `/flows/${id}`)) as unknown as {
      context: { phases: Record<string, { status: string }> };
    };
    expect(instance.context.phases.soak?.status).toBe("waiting");
  });

  const dana = () => ({ keyId, name: "Dana (ops)", role: "operator" });

  it("keeps a decision's comment and who decided", async () => {
    const id = await waitingInstance();
    await ok("POST", `/flows/${id}/execute`, { node: "sign", decision: "approve", comment: "risk accepted" });
    expect((await eventOf(id, "node.decided"))?.data).toEqual({
      decision: "approve",
      comment: "risk accepted",
      by: dana(),
    });
  });

  it("keeps a cancel's reason and who cancelled; pause and resume say who too", async () => {
    const id = await waitingInstance();
    await ok("POST", `/flows/${id}/pause`);
    await ok("POST", `/flows/${id}/resume`);
    const cancelled = await ok("POST", `/flows/${id}/cancel`, { reason: "duplicate of another run" });
    expect(cancelled.status).toBe("cancelled");
    expect((await eventOf(id, "instance.paused"))?.data).toEqual({ by: dana() });
    expect((await eventOf(id, "instance.resumed"))?.data).toEqual({ by: dana() });
    expect((await eventOf(id, "instance.cancelled"))?.data).toEqual({ reason: "duplicate of another run", by: dana() });
  });

  it("still cancels without a body, and refuses a body it cannot use with a 422", async () => {
    const id = await waitingInstance();
    for (const body of [{ reason: "x".repeat(2001) }, { why: "no such field" }, { reason: 7 }]) {
      const refused = await request("POST", `/flows/${id}/cancel`, body);
      expect(refused.status).toBe(422);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await ok("POST", `/flows/${id}/cancel`)).status).toBe("cancelled");
    expect((await eventOf(id, "instance.cancelled"))?.data).toEqual({ by: dana() });
  });

  it("answers a stream asked for while the runtime stops with 503, Retry-After, and a closed connection", async () => {
    const id = await waitingInstance();
    await runtime.events.close();
    const response = await request("GET", `/flows/${id}/stream`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(response.headers.get("connection")).toBe("close");
  });
});
