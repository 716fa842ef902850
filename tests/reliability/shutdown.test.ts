/**
 * `mfo serve` stops within a bound while a run view is open: a browser tab following an instance keeps its event
 * stream open and reconnects it a second after each close, over one keep-alive connection. Before the fix, SIGTERM
 * printed `mfo: stopping` and the process went on serving those reconnections for over a minute. The client here
 * is the designer's own (@mfo/client's instance feed), which reconnects exactly as the run view does.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFlowService, createInstanceFeed, type InstanceFeed } from "@mfo/client";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startRuntime, stopAll, waitFor } from "../support/runtime-process.js";

/** Generous for a loaded 2-core machine; the hang it guards against lasted over 60 s. */
const EXIT_BOUND_MS = 15_000;

const dirs: string[] = [];
const feeds: InstanceFeed[] = [];
afterAll(async () => {
  for (const feed of feeds) feed.close();
  await stopAll();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("mfo serve's graceful shutdown", () => {
  it("exits within a bound while run views keep reconnecting their event streams", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mfo-shutdown-"));
    dirs.push(dir);
    const runtime = await startRuntime("shutdown", { MFO_DATA_DIR: dir, LOG_LEVEL: "info" });
    // The high-risk assessment waits at its sign-off: an instance that stays active, so its stream stays open.
    const instance = await runtime.client.createFlow({
      flowType: "assessment",
      input: { application: "billing", loc: 250_000, integrations: 15 },
    });
    await waitFor(async () => (await runtime.client.getFlow(instance.id)).status === "waiting", {
      timeoutMs: 30_000,
      message: "the assessment did not reach its sign-off",
    });
    // Two tabs on the run view, each following the instance as the designer does.
    const service = createFlowService({ baseUrl: runtime.baseUrl, apiKey: ADMIN_KEY });
    const modes: string[][] = [[], []];
    for (const seen of modes) {
      feeds.push(createInstanceFeed(service, instance.id, (state) => seen.push(state.mode), { pollMs: 1_000 }));
    }
    await waitFor(() => modes.every((seen) => seen.includes("live")), {
      timeoutMs: 15_000,
      message: () => `the feeds did not go live: ${JSON.stringify(modes)}`,
    });

    process.kill(runtime.pid, "SIGTERM");
    const exited = await runtime.exitsWithin(EXIT_BOUND_MS);
    if (!exited) await runtime.kill();
    expect(exited, `still running ${EXIT_BOUND_MS / 1000} s after SIGTERM; its output:\n${runtime.output()}`).toBe(
      true,
    );
    // It says what it did while stopping, for the operator watching it.
    expect(runtime.output()).toContain("mfo: stopping");
    expect(runtime.output()).toMatch(/"msg":"stopped"/);
  });

  it("answers a create that waits for its instance with 202 when it stops, instead of holding it to the end of the wait", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mfo-shutdown-wait-"));
    dirs.push(dir);
    const runtime = await startRuntime("shutdown-wait", { MFO_DATA_DIR: dir });
    const held = {
      id: "held",
      name: "Held",
      nodes: [
        { id: "start", type: "start" },
        { id: "hold", type: "wait", delayMs: 3_600_000 },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "hold" },
        { id: "e2", source: "hold", target: "done" },
      ],
    } as const;
    await runtime.client.publish(held as never);
    const answer = fetch(`${runtime.baseUrl}/api/v1/flows?wait=60`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ flowType: "held" }),
    });
    // Once the instance exists, its create is waiting (or about to).
    await waitFor(async () => (await runtime.client.listFlows({ flowType: "held" })).items.length === 1, {
      timeoutMs: 30_000,
      message: "the instance was not created",
    });
    process.kill(runtime.pid, "SIGTERM");
    const response = await answer;
    expect(response.status).toBe(202);
    expect(((await response.json()) as { statusUrl?: string }).statusUrl).toMatch(/^\/api\/v1\/flows\/.+\/status$/);
    expect(await runtime.exitsWithin(EXIT_BOUND_MS)).toBe(true);
  });
});
