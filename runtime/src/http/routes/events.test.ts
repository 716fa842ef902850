/**
 * POST /events through the API (issue 19): the answer names the waits it woke, the woken instance carries the
 * payload on, bad bodies are refused with problem+json, the audit row never holds the payload, and an event of
 * one tenant never wakes another tenant's instance.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventDelivery, FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { createTenant, storeKey } from "../../store/tenant-repository.js";
import { apiCaller } from "../../testing/api-caller.js";
import { testConfig } from "../../testing/cli-harness.js";

/** start -> hold (waits for parcel.delivered with input.parcel) -> done. */
const parcelFlow: FlowDefinition = {
  id: "parcel",
  name: "parcel",
  nodes: [
    { id: "start", type: "start" },
    { id: "hold", type: "wait", event: { name: "parcel.delivered", key: "=input.parcel" } },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e0", source: "start", target: "hold" },
    { id: "e1", source: "hold", target: "done" },
  ],
} as FlowDefinition;

describe("POST /events", () => {
  let runtime: Runtime;
  let dataDir: string;
  const call = apiCaller(() => runtime);
  const OTHER_KEY = "events-acme-operator";
  const asOther = async (body: unknown) => {
    const response = await runtime.app.request("/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${OTHER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as EventDelivery };
  };
  /** Creates an instance and waits until it stands at the wait, registered. */
  const waitingAt = async (parcel: string): Promise<string> => {
    const created = await call("POST", "/flows", { flowType: "parcel", input: { parcel } });
    expect(created.status).toBe(201);
    for (let i = 0; i < 300; i++) {
      const status = await call("GET", `/flows/${created.body.id}/status`);
      // The create stops before the wait; the worker's commit registers it (status running, hold current).
      if (status.body.currentNodes?.includes("hold") && status.body.status === "running") {
        const node = await call("GET", `/flows/${created.body.id}`);
        if (node.body.context.phases.hold?.status === "waiting") return created.body.id as string;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("never reached the wait");
  };
  const settled = async (id: string) => {
    for (let i = 0; i < 300; i++) {
      const status = await call("GET", `/flows/${id}/status`);
      if (status.body.status !== "running") return status.body.status as string;
      await new Promise((r) => setTimeout(r, 10));
    }
    return "running";
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-events-"));
    runtime = await createRuntime(testConfig(dataDir));
    runtime.engine.start();
    await createTenant(runtime.database.db, { id: "acme", name: "Acme" });
    await storeKey(runtime.database.db, "acme", "operator", "acme operator", OTHER_KEY);
    expect((await call("POST", "/flow-types", parcelFlow)).status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("wakes the waiting instance, answers what it woke, and the payload becomes the wait's output", async () => {
    const id = await waitingAt("P-1");
    const sent = await call("POST", "/events", { name: "parcel.delivered", key: "P-1", payload: { by: "courier" } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      id: expect.any(String),
      woke: [{ instanceId: id, nodeId: "hold" }],
      buffered: false,
      expiresAt: null,
    });
    expect(await settled(id)).toBe("completed");
    const instance = await call("GET", `/flows/${id}`);
    expect(instance.body.context.phases.hold.output).toEqual({ by: "courier" });
    const history = await call("GET", `/flows/${id}/events`);
    const received = history.body.items.find((e: { type: string }) => e.type === "node.event-received");
    expect(received).toMatchObject({ nodeId: "hold", data: { name: "parcel.delivered", key: "P-1" } });
  });

  it("keeps an event nobody waits for yet (default one hour) and audits the send without its payload", async () => {
    const sent = await call("POST", "/events", { name: "parcel.delivered", key: "P-2", payload: { pin: "9911" } });
    expect(sent.body.buffered).toBe(true);
    expect(Date.parse(sent.body.expiresAt) - Date.now()).toBeGreaterThan(3590_000);
    const id = (await call("POST", "/flows", { flowType: "parcel", input: { parcel: "P-2" } })).body.id;
    expect(await settled(id)).toBe("completed");
    const audit = await call("GET", "/audit?action=event.send");
    const row = audit.body.items.find((r: { target: string }) => r.target === sent.body.id);
    expect(row).toMatchObject({ outcome: "ok", detail: { name: "parcel.delivered", key: "P-2", buffered: true } });
    expect(JSON.stringify(audit.body)).not.toContain("9911");
  });

  it("never wakes another tenant's instance, nor hands it a buffered event", async () => {
    const id = await waitingAt("P-3");
    const other = await asOther({ name: "parcel.delivered", key: "P-3", payload: {} });
    expect(other.status).toBe(200);
    expect(other.body.woke).toEqual([]);
    expect(other.body.buffered).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const status = await call("GET", `/flows/${id}/status`);
    expect(status.body).toMatchObject({ status: "running", currentNodes: ["hold"] });
    // The default tenant's own event still finds it waiting.
    const own = await call("POST", "/events", { name: "parcel.delivered", key: "P-3" });
    expect(own.body.woke).toEqual([{ instanceId: id, nodeId: "hold" }]);
    expect(await settled(id)).toBe("completed");
  });

  it.each([
    ["no key", { name: "parcel.delivered" }],
    ["a name with a space", { name: "parcel delivered", key: "k" }],
    ["an empty key", { name: "parcel.delivered", key: "" }],
    ["a negative ttl", { name: "parcel.delivered", key: "k", ttlSeconds: -1 }],
    ["an unknown field", { name: "parcel.delivered", key: "k", tenant: "acme" }],
  ])("refuses a body with %s: 422 problem+json", async (_label, body) => {
    const answer = await call("POST", "/events", body);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ status: 422, errors: expect.any(Array) });
  });
});
