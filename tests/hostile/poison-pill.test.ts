/**
 * A poison pill across restarts (issue 15): an instance whose step takes its process down is not picked up by
 * every next process in turn. Real `mfo serve` processes on one embedded store are killed with SIGKILL while the
 * instance's `http` step waits on a server that never answers; after the third restart the instance is
 * quarantined (status, event and lastError name the step and the count), the new process answers /healthz and
 * /readyz and runs other work, and once the server is fixed an operator's resume completes the instance.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, expect, it } from "vitest";
import { startEffectServer } from "../support/effect-server.js";
import { eventsOf, historyProblems } from "../support/flow-history.js";
import { type RuntimeEnv, type RuntimeProcess, startRuntime, stopAll, waitFor } from "../support/runtime-process.js";

/** MFO_QUARANTINE_AFTER's default. */
const QUARANTINE_AFTER = 3;
/** How long /healthz and /readyz may take to answer on a loaded machine (a stalled server took 30 s and more). */
const PROMPT_MS = 2_000;

const poisonFlow = (url: string): FlowDefinition => ({
  id: "poison-pill",
  name: "Poison pill",
  nodes: [
    { id: "start", type: "start" },
    // Longer than the test: only a kill ends the call while the server hangs.
    { id: "call", type: "phase", handler: "http", timeoutMs: 600_000, params: { url, method: "POST", body: {} } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "call" },
    { id: "e2", source: "call", target: "done" },
  ],
});

const quickFlow: FlowDefinition = {
  id: "quick",
  name: "Quick",
  nodes: [
    { id: "start", type: "start" },
    { id: "note", type: "phase", handler: "log", params: { message: "still working" } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "note" },
    { id: "e2", source: "note", target: "done" },
  ],
};

const dirs: string[] = [];
afterAll(async () => {
  await stopAll();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Answers `path` (no prefix, no auth) with 200 within PROMPT_MS. */
async function answersPromptly(runtime: RuntimeProcess, path: string): Promise<void> {
  const started = performance.now();
  const response = await fetch(`${runtime.baseUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
  const tookMs = performance.now() - started;
  expect(response.status, `${path}`).toBe(200);
  expect(tookMs, `${path} took ${Math.round(tookMs)} ms`).toBeLessThan(PROMPT_MS);
}

it("quarantines an instance whose step was in flight at three kills in a row; resumed once fixed, it completes", async () => {
  let broken = true;
  const effect = await startEffectServer({ hold: () => broken });
  const dir = await mkdtemp(join(tmpdir(), "mfo-poison-"));
  dirs.push(dir);
  const env: RuntimeEnv = {
    MFO_DATA_DIR: dir,
    MFO_LEASE_MS: "1000",
    MFO_POLL_MS: "25",
    MFO_HTTP_ALLOW_HOSTS: "127.0.0.1",
    MFO_PACKS: "",
    LOG_LEVEL: "warn",
  };
  try {
    let runtime = await startRuntime("poison-1", env);
    const flow = poisonFlow(effect.url);
    for (const definition of [flow, quickFlow]) {
      expect((await runtime.client.request("post /flow-types", { body: definition })).status).toBe(201);
    }
    const created = await runtime.client.request("post /flows", { body: { flowType: flow.id } });
    expect(created.status).toBe(201);
    const id = created.body.id;

    // Each process gets as far as the call, which never returns, and is killed in it; the next one starts.
    for (let kill = 1; kill <= QUARANTINE_AFTER; kill++) {
      await waitFor(() => effect.calls.length >= kill, {
        timeoutMs: 30_000,
        message: () => `process ${kill} never made its call; its output:\n${runtime.output()}`,
      });
      await runtime.kill();
      runtime = await startRuntime(`poison-${kill + 1}`, env);
    }

    const status = await waitFor(
      async () => {
        const current = await runtime.client.status(id);
        return current.status === "quarantined" ? current : undefined;
      },
      { timeoutMs: 30_000, message: async () => `not quarantined: ${JSON.stringify(await runtime.client.status(id))}` },
    );
    expect(status.lastError).toMatchObject({ nodeId: "call", code: "quarantined", interruptedAttempts: 3 });
    expect(status.lastError?.message).toMatch(/interrupted 3 times in a row/);
    const quarantined = await eventsOf(runtime, id);
    expect(quarantined.filter((e) => e.type === "node.interrupted")).toHaveLength(QUARANTINE_AFTER);
    expect(quarantined.at(-1)).toMatchObject({
      type: "instance.quarantined",
      nodeId: "call",
      data: { interruptedAttempts: 3, nodes: ["call"] },
    });
    // The fourth process did not run the step again.
    expect(effect.calls).toHaveLength(QUARANTINE_AFTER);

    await answersPromptly(runtime, "/healthz");
    await answersPromptly(runtime, "/readyz");
    const other = await runtime.client.request("post /flows", { body: { flowType: quickFlow.id } });
    expect(other.status).toBe(201);
    await waitFor(async () => (await runtime.client.status(other.body.id)).status === "completed", {
      timeoutMs: 15_000,
      message: "another instance did not complete beside the quarantined one",
    });

    // Operator: the other side is fixed, resume.
    broken = false;
    const resumed = await runtime.client.request("post /flows/:id/resume", { params: { id } });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body).toMatchObject({ status: "running", lastError: null });
    await waitFor(async () => (await runtime.client.status(id)).status === "completed", {
      timeoutMs: 15_000,
      message: async () => `not completed after resume: ${JSON.stringify(await runtime.client.status(id))}`,
    });
    const audit = await runtime.client.request("get /audit", { query: { target: id, action: "flow.resume" } });
    expect(audit.body.items).toHaveLength(1);

    // Every call was the same attempt (one idempotency key), and the history is sound.
    expect(effect.calls).toHaveLength(QUARANTINE_AFTER + 1);
    expect(new Set(effect.keys)).toEqual(new Set([`${id}:call:1`]));
    expect(effect.calls.at(-1)?.status).toBe(200);
    expect(historyProblems(await eventsOf(runtime, id), flow.nodes)).toEqual([]);
    expect(await runtime.stop()).toBe(0);
  } finally {
    await effect.close();
  }
}, 300_000);
