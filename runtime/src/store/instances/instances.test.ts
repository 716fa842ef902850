/** The instances repository on both drivers: revision-checked commits, claims and leases, the list cursor, delete. */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../../testing/test-runtime.js";
import {
  attemptsOfNode,
  attemptsPage,
  claimDue,
  commitInstance,
  eventsOf,
  type InstanceCommit,
  type InstanceRecord,
  leaseOf,
  listInstances,
  loadInstance,
  releaseLease,
  softDeleteInstance,
  statusOrDeleted,
} from "./index.js";

describe.each(["pglite", "postgres"] as const)("instances repository on %s", (driver) => {
  let rt: TestRuntime;
  const created: InstanceRecord[] = [];
  beforeAll(async () => {
    rt = await createTestRuntime(driver, inject("postgresUrl"));
    // A side-effecting phase, so a new instance stays running (with its "run now" timer) for the worker to claim.
    await rt.registry.publish(TENANT, lineFlow("repo", [{ id: "p", handler: "record" }]));
    for (const name of ["first", "second"]) {
      created.push((await rt.engine.create(TENANT, { flowType: "repo", name })).record);
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  const pauseOf = (row: InstanceRecord, expectedRev: number): InstanceCommit => {
    const at = new Date();
    return {
      row: { ...row, status: "paused", rev: row.rev + 1, updatedAt: at },
      expectedRev,
      at,
      ended: false,
      events: [{ seq: 100, type: "instance.paused", nodeId: null, at, data: null }],
      timers: [],
      firedTimers: [],
      phaseRuns: [],
      attempts: [],
      children: [],
    };
  };

  it("commits a step only over the revision it read", async () => {
    const row = (await loadInstance(rt.database.db, created[0]?.id as string)) as InstanceRecord;
    expect(await commitInstance(rt.database.db, pauseOf(row, row.rev - 1))).toBe(false);
    expect((await loadInstance(rt.database.db, row.id))?.rev).toBe(row.rev);
    expect(await commitInstance(rt.database.db, pauseOf(row, row.rev))).toBe(true);
    const after = await loadInstance(rt.database.db, row.id);
    expect(after).toMatchObject({ status: "paused", rev: row.rev + 1 });
    expect((await eventsOf(rt.database.db, row.id)).at(-1)).toMatchObject({ seq: 100, type: "instance.paused" });
  });

  it("gives up waiting for a row another writer holds after lockTimeoutMs, writing nothing", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: "repo", name: "held" });
    const row = (await loadInstance(rt.database.db, record.id)) as InstanceRecord;
    if (rt.database.driver === "pglite") {
      // One connection: no other writer can hold the row, so the bound never applies.
      expect(await commitInstance(rt.database.db, pauseOf(row, row.rev), { lockTimeoutMs: 100 })).toBe(true);
      await softDeleteInstance(rt.database.db, row.id, new Date());
      return;
    }
    const holder = await rt.database.client.connect();
    try {
      await holder.query("begin");
      await holder.query("select id from instances where id = $1 for update", [row.id]);
      const started = performance.now();
      expect(await commitInstance(rt.database.db, pauseOf(row, row.rev), { lockTimeoutMs: 100 })).toBe(false);
      expect(performance.now() - started).toBeLessThan(2_000);
      await holder.query("commit");
    } finally {
      holder.release();
    }
    expect((await loadInstance(rt.database.db, row.id))?.rev).toBe(row.rev);
    expect(await commitInstance(rt.database.db, pauseOf(row, row.rev), { lockTimeoutMs: 100 })).toBe(true);
    // The bound was local to the commit's statement: the pooled connections keep the server's default.
    const [setting] = (await rt.database.client.query("show lock_timeout")).rows;
    expect(setting).toEqual({ lock_timeout: "0" });
    await softDeleteInstance(rt.database.db, row.id, new Date());
  });

  it("claims a due instance under a lease, returning its row and due timers, and releases it", async () => {
    const id = created[1]?.id as string;
    const claimed = await claimDue(rt.database.db, "owner-1", 10, 30_000, new Date());
    const mine = claimed.find((c) => c.record.id === id);
    // The row as a read gives it, and the "run now" timer its create wrote: the step needs no read of its own.
    expect(mine?.record).toEqual(await loadInstance(rt.database.db, id));
    expect(mine?.due).toEqual([{ id: expect.any(Number), kind: "run", nodeId: null }]);
    expect((await leaseOf(rt.database.db, id))?.owner).toBe("owner-1");
    const again = await claimDue(rt.database.db, "owner-2", 10, 30_000, new Date());
    expect(again.map((c) => c.record.id)).not.toContain(id);
    await releaseLease(rt.database.db, id, "owner-1");
    expect(await leaseOf(rt.database.db, id)).toEqual({ owner: null, until: null });
  });

  it("lists a tenant's instances newest first, a page at a time", async () => {
    // Newest first; two created in the same millisecond come in descending id order.
    const order = [...created]
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id > x.id ? 1 : -1))
      .map((i) => i.name);
    const first = await listInstances(rt.database.db, { tenantId: TENANT, limit: 1 });
    expect(first.items.map((i) => i.name)).toEqual(order.slice(0, 1));
    expect(first.next).not.toBeNull();
    const second = await listInstances(rt.database.db, { tenantId: TENANT, limit: 1, after: first.next ?? undefined });
    expect(second.items.map((i) => i.name)).toEqual(order.slice(1));
    expect(second.next).toBeNull();
    const paused = await listInstances(rt.database.db, { tenantId: TENANT, limit: 10, statuses: ["paused"] });
    expect(paused.items.map((i) => i.name)).toEqual(["first"]);
  });

  it("writes a commit's node attempts with it (none over a stale revision) and reads them back in pages", async () => {
    const { record } = await rt.engine.create(TENANT, { flowType: "repo", name: "attempts" });
    const row = (await loadInstance(rt.database.db, record.id)) as InstanceRecord;
    const at = new Date();
    const attempt = (n: number, status: "retrying" | "completed") => ({
      nodeId: "p",
      run: 1,
      attempt: n,
      status,
      startedSeq: 10 + n,
      finishedSeq: 20 + n,
      startedAt: at,
      finishedAt: at,
      idempotencyKey: `${row.id}:p:${n}`,
      input: { url: "https://example.test" },
      output: status === "completed" ? { ok: true } : null,
      validators: [{ type: "schema", ok: status === "completed" }],
      logs: [{ at: at.toISOString(), level: "info" as const, message: `try ${n}` }],
      logsTruncated: n === 2,
      error: status === "retrying" ? { nodeId: "p", code: "http-503", message: "busy" } : null,
      detail: null,
    });
    const written = [attempt(1, "retrying"), attempt(2, "completed")];
    expect(await commitInstance(rt.database.db, { ...pauseOf(row, row.rev - 1), attempts: written })).toBe(false);
    expect(await attemptsOfNode(rt.database.db, row.id, "p")).toEqual([]);
    expect(await commitInstance(rt.database.db, { ...pauseOf(row, row.rev), attempts: written })).toBe(true);
    const read = await attemptsOfNode(rt.database.db, row.id, "p");
    expect(read.map(({ id, tenantId, instanceId, ...rest }) => rest)).toEqual(written);
    expect(read.every((r) => r.tenantId === TENANT && r.instanceId === row.id)).toBe(true);
    // Pages in the order recorded: the start node's row (the create wrote it), then the two attempts.
    const paged: string[] = [];
    let after: number | undefined;
    do {
      const page = await attemptsPage(rt.database.db, row.id, { limit: 1, ...(after ? { after } : {}) });
      expect(page.items.length).toBe(1);
      paged.push(...page.items.map((r) => `${r.nodeId}:${r.attempt}:${r.status}`));
      after = page.next ?? undefined;
    } while (after);
    expect(paged).toEqual(["start:1:completed", "p:1:retrying", "p:2:completed"]);
    // A soft delete keeps the node data (the instance's reads answer 404 before they get there).
    await softDeleteInstance(rt.database.db, row.id, new Date());
    expect(await attemptsOfNode(rt.database.db, row.id, "p")).toHaveLength(2);
  });

  it("soft-deletes an instance: it leaves reads and lists", async () => {
    const id = created[0]?.id as string;
    await softDeleteInstance(rt.database.db, id, new Date());
    expect(await loadInstance(rt.database.db, id)).toBeUndefined();
    expect(await statusOrDeleted(rt.database.db, TENANT, id)).toBe("deleted");
    const all = await listInstances(rt.database.db, { tenantId: TENANT, limit: 10 });
    expect(all.items.map((i) => i.id)).not.toContain(id);
  });
});
