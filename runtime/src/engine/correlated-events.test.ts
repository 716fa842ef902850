/**
 * Correlated events on both databases (issue 19): a wait node with `event` waits for POST /events's delivery
 * (here the store function it calls) with its name and key, whether the event comes before or after the wait is
 * reached, once per wait, per tenant, with its optional timeout edge.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bufferedCount, deliverEvent, eventWaitsOf } from "../store/event-repository.js";
import { eventsOf, type InstanceRecord, loadInstance } from "../store/instances/index.js";
import { tenants } from "../store/schema.js";
import { createTestRuntime, TENANT, type TestRuntime } from "../testing/test-runtime.js";

/** start -> a (side effect) -> hold (waits for order.paid with the order id) -> after -> done; or -> late. */
function paidFlow(id: string, timeoutMs?: number): FlowDefinition {
  const nodes = [
    { id: "start", type: "start" },
    { id: "a", type: "phase", handler: "record" },
    {
      id: "hold",
      type: "wait",
      event: { name: "order.paid", key: "=input.orderId", ...(timeoutMs ? { timeoutMs } : {}) },
    },
    {
      id: "after",
      type: "phase",
      handler: "transform",
      params: { expression: "{ 'paid': phases.hold.output.amount }" },
    },
    { id: "done", type: "end" },
    ...(timeoutMs ? [{ id: "late", type: "end", outcome: "failed" }] : []),
  ];
  const edges = [
    { id: "e0", source: "start", target: "a" },
    { id: "e1", source: "a", target: "hold" },
    { id: "e2", source: "hold", target: "after", ...(timeoutMs ? { on: "event" } : {}) },
    { id: "e3", source: "after", target: "done" },
    ...(timeoutMs ? [{ id: "e4", source: "hold", target: "late", on: "timeout" }] : []),
  ];
  return { id, name: id, nodes, edges, input: { type: "object" } } as unknown as FlowDefinition;
}

describe.each(["pglite", "postgres"] as const)("correlated events on %s", (driver) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime(driver, inject("postgresUrl"));
    await rt.registry.publish(TENANT, paidFlow("paid"));
    await rt.registry.publish(TENANT, paidFlow("paid-or-late", 60_000));
  });
  afterAll(async () => {
    await rt?.close();
  });

  const send = (key: string, payload: unknown, options: { tenantId?: string; ttlSeconds?: number } = {}) =>
    deliverEvent(rt.database.db, {
      tenantId: options.tenantId ?? TENANT,
      name: "order.paid",
      key,
      payload,
      ttlSeconds: options.ttlSeconds ?? 3600,
      now: new Date(),
    });
  /** Starts an instance and runs it until it stands at the wait (running, the wait current). */
  const waiting = async (orderId: string, flowType = "paid"): Promise<InstanceRecord> => {
    const { record } = await rt.engine.create(TENANT, { flowType, input: { orderId } });
    for (let i = 0; i < 200; i++) {
      const row = (await rt.settle(record.id, [], 0)) as InstanceRecord;
      if (row.currentNodes.includes("hold") && (await eventWaitsOf(rt.database.db, row.id)).length > 0) return row;
      if (row.finishedAt) return row;
      await new Promise((r) => setTimeout(r, 10));
    }
    const row = await loadInstance(rt.database.db, record.id);
    throw new Error(
      `the instance never reached the wait: ${JSON.stringify({ logs: rt.logs.slice(-5), history: await history(record.id) })}`,
    );
  };
  const history = async (id: string) =>
    (await eventsOf(rt.database.db, id)).map((e) => `${e.type}${e.nodeId ? ` ${e.nodeId}` : ""}`);

  it("waits at the node (running, the wait current, the wait registered with the key from the input)", async () => {
    const row = await waiting("A-1");
    expect(row.status).toBe("running");
    expect(row.currentNodes).toEqual(["hold"]);
    expect(row.context.phases.hold?.status).toBe("waiting");
    expect(await eventWaitsOf(rt.database.db, row.id)).toEqual([
      { tenantId: TENANT, name: "order.paid", key: "A-1", nodeId: "hold" },
    ]);
    const last = (await eventsOf(rt.database.db, row.id)).at(-1);
    expect(last?.type).toBe("node.waiting");
    expect(last?.data).toEqual({ for: "event", name: "order.paid", key: "A-1" });
  });

  it("wakes the instance with an event sent after the wait is reached: the payload is the node's output", async () => {
    const row = await waiting("A-2");
    const delivery = await send("A-2", { amount: 42 });
    expect(delivery).toMatchObject({ woke: [{ instanceId: row.id, nodeId: "hold" }], buffered: false });
    const done = await rt.settle(row.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.hold?.output).toEqual({ amount: 42 });
    expect(done.context.phases.after?.output).toEqual({ paid: 42 });
    const log = await history(row.id);
    expect(log).toContain("node.event-received hold");
    expect(log.filter((e) => e === "node.completed hold")).toHaveLength(1);
    expect(await eventWaitsOf(rt.database.db, row.id)).toEqual([]);
  });

  it("keeps an event sent before the wait is reached, and the first wait for it consumes it at once", async () => {
    const delivery = await send("B-1", { amount: 7 });
    expect(delivery.woke).toEqual([]);
    expect(delivery.buffered).toBe(true);
    expect(delivery.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const { record } = await rt.engine.create(TENANT, { flowType: "paid", input: { orderId: "B-1" } });
    const done = await rt.settle(record.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.hold?.output).toEqual({ amount: 7 });
    expect(await bufferedCount(rt.database.db, TENANT, "order.paid", "B-1", new Date())).toBe(0);
    // Consumed once: a second instance for the same key waits for its own event.
    const second = await waiting("B-1");
    expect(second.status).toBe("running");
    expect(second.currentNodes).toEqual(["hold"]);
  });

  it("does not keep an event with ttlSeconds 0, nor one whose time ran out", async () => {
    expect((await send("C-1", null, { ttlSeconds: 0 })).buffered).toBe(false);
    expect(await bufferedCount(rt.database.db, TENANT, "order.paid", "C-1", new Date())).toBe(0);
    await send("C-2", { amount: 1 }, { ttlSeconds: 1 });
    expect(await bufferedCount(rt.database.db, TENANT, "order.paid", "C-2", new Date(Date.now() + 2000))).toBe(0);
  });

  it("wakes two instances waiting on the same key, each once; a second identical event wakes neither again", async () => {
    const one = await waiting("D-1");
    const two = await waiting("D-1");
    const delivery = await send("D-1", { amount: 3 });
    expect(delivery.woke.map((w) => w.instanceId).sort()).toEqual([one.id, two.id].sort());
    const again = await send("D-1", { amount: 4 }, { ttlSeconds: 0 });
    expect(again.woke).toEqual([]);
    for (const id of [one.id, two.id]) {
      const done = await rt.settle(id, ["completed", "failed"]);
      expect(done.context.phases.hold?.output).toEqual({ amount: 3 });
      expect((await history(id)).filter((e) => e === "node.event-received hold")).toHaveLength(1);
    }
  });

  it("never wakes an instance of another tenant", async () => {
    await rt.database.db.insert(tenants).values({ id: `other-${driver}`, name: "Other" });
    const row = await waiting("E-1");
    const delivery = await send("E-1", { amount: 1 }, { tenantId: `other-${driver}`, ttlSeconds: 0 });
    expect(delivery.woke).toEqual([]);
    await rt.engine.runOnce();
    const still = (await loadInstance(rt.database.db, row.id)) as InstanceRecord;
    expect(still.currentNodes).toEqual(["hold"]);
    expect(await eventWaitsOf(rt.database.db, row.id)).toHaveLength(1);
  });

  it("takes the timeout edge when no event comes in time, and drops the wait so a late event wakes nobody", async () => {
    const row = await waiting("F-1", "paid-or-late");
    // A process whose clock is past the timeout (and the lease) fires the wait's timer.
    const later = rt.laterProcess(120_000);
    for (let i = 0; i < 10 && (await later.runOnce()) > 0; i++);
    const ended = (await loadInstance(rt.database.db, row.id)) as InstanceRecord;
    expect(ended.status).toBe("failed");
    expect(ended.currentNodes).toEqual([]);
    expect(await history(row.id)).toContain("node.event-timed-out hold");
    expect(await eventWaitsOf(rt.database.db, row.id)).toEqual([]);
    expect((await send("F-1", {}, { ttlSeconds: 0 })).woke).toEqual([]);
  });

  it("takes the event edge when the event comes before the timeout", async () => {
    const row = await waiting("F-2", "paid-or-late");
    await send("F-2", { amount: 5 });
    const done = await rt.settle(row.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.after?.output).toEqual({ paid: 5 });
  });

  it("keeps the wait across a restart: another process delivers it", async () => {
    const row = await waiting("G-1");
    const restarted = rt.laterProcess(0);
    await send("G-1", { amount: 9 });
    for (let i = 0; i < 10 && (await restarted.runOnce()) > 0; i++);
    const done = await rt.settle(row.id, ["completed", "failed"]);
    expect(done.context.phases.after?.output).toEqual({ paid: 9 });
  });

  it("fails the node when the key expression gives no key, and removes a cancelled instance's wait", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: "paid", input: {} });
    const failed = await rt.settle(record.id, ["failed"]);
    expect(failed.lastError).toMatchObject({ nodeId: "hold", code: "invalid-key" });
    const row = await waiting("H-1");
    await rt.engine.cancel(TENANT, row.id);
    expect(await eventWaitsOf(rt.database.db, row.id)).toEqual([]);
    expect((await send("H-1", {}, { ttlSeconds: 0 })).woke).toEqual([]);
  });

  it("wakes every instance exactly once when many reach their wait while their events are sent (two processes)", async () => {
    const count = 30;
    const keys = Array.from({ length: count }, (_, i) => `R-${driver}-${i}`);
    // Created with their "run now" timer: the create stops before the wait, the workers below reach it.
    const ids = await Promise.all(
      keys.map(async (orderId) => (await rt.engine.create(TENANT, { flowType: "paid", input: { orderId } })).record.id),
    );
    const other = rt.laterProcess(0);
    let sending = true;
    const work = async (engine: typeof other) => {
      while (sending) if ((await engine.runOnce()) === 0) await new Promise((r) => setTimeout(r, 2));
    };
    const workers = [work(rt.engine), work(other)];
    // Each event races its instance's registration: sent at random moments while both workers register waits,
    // so some come before their wait (buffered), some after (woken), some in the same instant.
    const deliveries = await Promise.all(
      keys.map(async (key, i) => {
        await new Promise((r) => setTimeout(r, Math.random() * 600));
        return send(key, { amount: i });
      }),
    );
    sending = false;
    await Promise.all(workers);
    for (const id of ids) {
      const done = await rt.settle(id, ["completed", "failed"]);
      expect(done.status, id).toBe("completed");
      expect((await history(id)).filter((e) => e === "node.event-received hold")).toHaveLength(1);
      expect(await eventWaitsOf(rt.database.db, id)).toEqual([]);
    }
    // Every event was either delivered to a registered wait or buffered and consumed: none is left behind.
    for (const key of keys) expect(await bufferedCount(rt.database.db, TENANT, "order.paid", key, new Date())).toBe(0);
    const woken = deliveries.filter((d) => d.woke.length === 1).length;
    const buffered = deliveries.filter((d) => d.buffered).length;
    expect(woken + buffered).toBe(count);
  });

  it("registers the wait again when a failed instance is resumed with its other branch still waiting", async () => {
    // start -> fan -> (hold: waits for order.paid) | (boom: fails once) -> merge -> done
    const definition = {
      id: "paid-and-boom",
      name: "paid-and-boom",
      nodes: [
        { id: "start", type: "start" },
        { id: "fan", type: "parallel" },
        { id: "hold", type: "wait", event: { name: "order.paid", key: "=input.orderId" } },
        { id: "boom", type: "phase", handler: "flaky", params: { failures: 1 }, retry: { maxAttempts: 1 } },
        { id: "merge", type: "join" },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e0", source: "start", target: "fan" },
        { id: "e1", source: "fan", target: "hold" },
        { id: "e2", source: "fan", target: "boom" },
        { id: "e3", source: "hold", target: "merge" },
        { id: "e4", source: "boom", target: "merge" },
        { id: "e5", source: "merge", target: "done" },
      ],
    } as unknown as FlowDefinition;
    await rt.registry.publish(TENANT, definition);
    const { record } = await rt.engine.create(TENANT, { flowType: "paid-and-boom", input: { orderId: "J-1" } });
    const failed = await rt.settle(record.id, ["failed"]);
    expect(failed.lastError).toMatchObject({ nodeId: "boom" });
    expect(await eventWaitsOf(rt.database.db, record.id)).toEqual([]);
    await rt.engine.resume(TENANT, record.id);
    await rt.settle(record.id, ["completed", "failed"], 300);
    expect(await eventWaitsOf(rt.database.db, record.id)).toEqual([
      { tenantId: TENANT, name: "order.paid", key: "J-1", nodeId: expect.stringContaining("hold") },
    ]);
    // The answer names the node, not the state inside the parallel branch.
    expect((await send("J-1", { amount: 2 })).woke).toEqual([{ instanceId: record.id, nodeId: "hold" }]);
    const done = await rt.settle(record.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.context.phases.hold?.output).toEqual({ amount: 2 });
  });
});
