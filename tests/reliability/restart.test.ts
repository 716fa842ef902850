/**
 * Durable waiting across restarts, on both databases the runtime supports (embedded PGlite and PostgreSQL): a
 * wait timer that falls due while no process runs fires when the next one starts; one whose process is killed
 * with SIGKILL during the wait fires, after the restart, never before it is due; and a manual phase and an
 * approval are still waiting after a restart and complete the flow when executed. PGlite allows one process per
 * data dir, so every restart stops (or kills) the old process before starting the new one.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventsOf, historyProblems, instanceOf } from "../support/flow-history.js";
import { type RuntimeEnv, type RuntimeProcess, startRuntime, stopAll, waitFor } from "../support/runtime-process.js";

const WAIT_MS = 1_500;
/** How far into the wait the process is killed. */
const KILL_AFTER_MS = 500;

const waitFlow: FlowDefinition = {
  id: "sleep-over",
  name: "Sleep over",
  nodes: [
    { id: "start", type: "start" },
    { id: "before", type: "phase", handler: "log", params: { message: "before the wait" } },
    { id: "hold", type: "wait", delayMs: WAIT_MS },
    { id: "after", type: "phase", handler: "transform", params: { expression: "{ 'woke': true }" } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "before" },
    { id: "e2", source: "before", target: "hold" },
    { id: "e3", source: "hold", target: "after" },
    { id: "e4", source: "after", target: "done" },
  ],
};

const operatorFlow: FlowDefinition = {
  id: "sign-here",
  name: "Sign here",
  nodes: [
    { id: "start", type: "start" },
    { id: "intake", type: "phase", handler: "log", params: { message: "intake" } },
    {
      id: "review",
      type: "phase",
      handler: "transform",
      trigger: "manual",
      params: { expression: "{ 'note': vars.input.note }" },
    },
    { id: "sign", type: "approval" },
    {
      id: "after",
      type: "phase",
      handler: "transform",
      params: { expression: "{ 'note': phases.review.output.note, 'decision': phases.sign.output.decision }" },
    },
    { id: "done", type: "end", outcome: "completed" },
    { id: "rejected", type: "end", outcome: "failed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "intake" },
    { id: "e2", source: "intake", target: "review" },
    { id: "e3", source: "review", target: "sign" },
    { id: "e4", source: "sign", target: "after", on: "approve" },
    { id: "e5", source: "sign", target: "rejected", on: "reject" },
    { id: "e6", source: "after", target: "done" },
  ],
};

describe.each(["pglite", "postgres"] as const)("restart on %s", (driver) => {
  let postgres: PostgresServer | undefined;
  const dirs: string[] = [];

  /** A fresh data dir, and on PostgreSQL a fresh database, so each test starts from an empty store. */
  const freshEnv = async (): Promise<RuntimeEnv> => {
    const dir = await mkdtemp(join(tmpdir(), `mfo-restart-${driver}-`));
    dirs.push(dir);
    return {
      MFO_DATA_DIR: dir,
      ...(postgres ? { DATABASE_URL: await createTestDatabase(postgres.url) } : {}),
      MFO_LEASE_MS: "1000",
      MFO_POLL_MS: "25",
      LOG_LEVEL: "warn",
    };
  };
  const statusOf = (runtime: RuntimeProcess, id: string) => runtime.client.status(id);
  const until = (runtime: RuntimeProcess, id: string, status: string, nodes: string[] = []) =>
    waitFor(
      async () => {
        const current = await statusOf(runtime, id);
        return current.status === status && current.currentNodes.join() === nodes.join() ? current : undefined;
      },
      {
        timeoutMs: 15_000,
        message: async () =>
          `instance ${id} did not reach ${status} at [${nodes}]: ${JSON.stringify(await statusOf(runtime, id))}`,
      },
    );

  beforeAll(async () => {
    if (driver === "postgres") postgres = await startPostgres();
  });
  afterEach(stopAll);
  afterAll(async () => {
    await stopAll();
    await postgres?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("fires a wait timer that fell due while no process was running", async () => {
    const env = await freshEnv();
    const first = await startRuntime(`${driver}-first`, env);
    expect((await first.client.request("post /flow-types", { body: waitFlow })).status).toBe(201);
    const created = await first.client.request("post /flows", { body: { flowType: waitFlow.id } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const due = await waitFor(
      async () => {
        const waiting = (await eventsOf(first, id)).find((e) => e.type === "node.waiting" && e.nodeId === "hold");
        return waiting ? Date.parse(String(waiting.data?.until)) : undefined;
      },
      { timeoutMs: 10_000, message: `instance ${id} never reached the wait` },
    );
    expect(await statusOf(first, id)).toMatchObject({ status: "running", currentNodes: ["hold"] });
    expect(await first.stop()).toBe(0);
    // Otherwise the first process might have fired the timer itself and the test would prove nothing.
    expect(Date.now(), "the first process stopped only after the timer was due").toBeLessThan(due);

    await waitFor(() => Date.now() > due + 100, { timeoutMs: WAIT_MS + 1_000, intervalMs: 20 });
    const second = await startRuntime(`${driver}-second`, env);
    await until(second, id, "completed");
    const events = await eventsOf(second, id);
    expect(historyProblems(events, waitFlow.nodes)).toEqual([]);
    const woke = events.find((e) => e.type === "node.completed" && e.nodeId === "hold");
    expect(Date.parse(String(woke?.at))).toBeGreaterThanOrEqual(due);
    expect((await instanceOf(second, id)).context.phases.after?.output).toEqual({ woke: true });
    expect(await second.stop()).toBe(0);
  });

  it("never fires a wait timer early after a kill -9 during the wait", async () => {
    const env = await freshEnv();
    const first = await startRuntime(`${driver}-killed`, env);
    expect((await first.client.request("post /flow-types", { body: waitFlow })).status).toBe(201);
    const created = await first.client.request("post /flows", { body: { flowType: waitFlow.id } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const entered = await waitFor(
      async () => (await eventsOf(first, id)).find((e) => e.type === "node.entered" && e.nodeId === "hold"),
      { timeoutMs: 10_000, intervalMs: 20, message: `instance ${id} never reached the wait` },
    );
    const start = Date.parse(entered.at);
    await waitFor(() => Date.now() >= start + KILL_AFTER_MS, { timeoutMs: WAIT_MS, intervalMs: 10 });
    await first.kill();
    // Otherwise the first process might have fired the timer itself and the test would prove nothing.
    expect(Date.now(), "the first process was killed before the timer was due").toBeLessThan(start + WAIT_MS);

    const second = await startRuntime(`${driver}-after-kill`, env);
    await until(second, id, "completed");
    const events = await eventsOf(second, id);
    expect(historyProblems(events, waitFlow.nodes)).toEqual([]);
    const waiting = events.find((e) => e.type === "node.waiting" && e.nodeId === "hold");
    const woke = events.find((e) => e.type === "node.completed" && e.nodeId === "hold");
    const completedAt = Date.parse(String(woke?.at));
    expect(completedAt, "the wait completed before its time").toBeGreaterThanOrEqual(start + WAIT_MS);
    expect(completedAt).toBeGreaterThanOrEqual(Date.parse(String(waiting?.data?.until)));
    expect(await second.stop()).toBe(0);
  });

  it("keeps a manual phase and an approval waiting across restarts; executing them completes the flow", async () => {
    const env = await freshEnv();
    const first = await startRuntime(`${driver}-manual-1`, env);
    expect((await first.client.request("post /flow-types", { body: operatorFlow })).status).toBe(201);
    const created = await first.client.request("post /flows", { body: { flowType: operatorFlow.id } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await until(first, id, "waiting", ["review"]);
    const beforeManual = await eventsOf(first, id);
    expect(await first.stop()).toBe(0);

    const second = await startRuntime(`${driver}-manual-2`, env);
    expect(await statusOf(second, id)).toMatchObject({ status: "waiting", currentNodes: ["review"] });
    expect(await eventsOf(second, id)).toEqual(beforeManual);
    const triggered = await second.client.request("post /flows/:id/execute", {
      params: { id },
      body: { node: "review", input: { note: "fine" } },
    });
    expect(triggered.status, JSON.stringify(triggered.body)).toBe(200);
    await until(second, id, "waiting", ["sign"]);
    const beforeApproval = await eventsOf(second, id);
    expect(await second.stop()).toBe(0);

    const third = await startRuntime(`${driver}-manual-3`, env);
    expect(await statusOf(third, id)).toMatchObject({ status: "waiting", currentNodes: ["sign"] });
    expect(await eventsOf(third, id)).toEqual(beforeApproval);
    const approved = await third.client.request("post /flows/:id/execute", {
      params: { id },
      body: { decision: "approve", comment: "ok" },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await until(third, id, "completed");
    expect(
      historyProblems(
        await eventsOf(third, id),
        operatorFlow.nodes.filter((n) => n.id !== "rejected"),
      ),
    ).toEqual([]);
    expect((await instanceOf(third, id)).context.phases.after?.output).toEqual({ note: "fine", decision: "approve" });
    expect(await third.stop()).toBe(0);
  });
});
