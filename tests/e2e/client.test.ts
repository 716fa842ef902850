/**
 * The API client (@mfo/client) and the embeddable flow controller (@mfo/designer/client) against a real
 * `mfo serve`: create the assessment from its definition's sample input, follow it with the shared flow
 * controller (the live stream) until it waits for the sign-off, approve it, and see it complete.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFlowService, type FlowService } from "@mfo/client";
import { type FlowState, flowController } from "@mfo/designer/client";
import { migrationPack } from "@mfo/pack-migration";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, type RuntimeProcess, startRuntime, stopAll } from "../support/runtime-process.js";

describe("the embeddable client against a real runtime", () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  let service: FlowService;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-client-"));
    runtime = await startRuntime("client", { MFO_DATA_DIR: dataDir });
    service = createFlowService({ baseUrl: runtime.baseUrl, apiKey: ADMIN_KEY });
  });

  afterAll(async () => {
    await stopAll();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The published assessment; published from the template when this runtime does not ship it. */
  async function assessment(): Promise<FlowDefinition> {
    try {
      const detail = await service.getFlowType("assessment");
      if (detail.latest) return detail.latest.definition;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    const template = migrationPack.templates.find((t) => (t.definition as FlowDefinition).id === "assessment");
    const definition = structuredClone(template?.definition) as FlowDefinition;
    const { version } = await service.publish(definition);
    return (await service.getVersion("assessment", version)).definition;
  }

  /** Resolves with the controller's state once `check` holds (or fails after `ms`). */
  const reach = (flow: ReturnType<typeof flowController>, check: (s: FlowState) => boolean, ms = 30_000) =>
    new Promise<FlowState>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out; last state ${JSON.stringify({ ...flow.getState(), instance: undefined })}`));
      }, ms);
      const stop = flow.subscribe(() => {
        if (!check(flow.getState())) return;
        clearTimeout(timer);
        queueMicrotask(stop);
        resolve(flow.getState());
      });
    });

  it("creates the assessment from its sample input, follows it live until it waits, approves it, sees it complete", async () => {
    const definition = await assessment();
    const input = (definition.input as { examples?: unknown[] } | undefined)?.examples?.[0] as
      | Record<string, unknown>
      | undefined;
    expect(input).toBeDefined();
    const created = await service.createFlow({ flowType: "assessment", ...(input ? { input } : {}) });

    const flow = flowController(service, created.id);
    const keepFollowing = flow.subscribe(() => {});
    const waiting = await reach(flow, (s) => s.status === "waiting" && s.mode === "live");
    expect(waiting.mode).toBe("live");
    expect(waiting.currentNodes).toEqual(["sign-off"]);
    expect(waiting.events.length).toBeGreaterThan(0);

    await expect(flow.approve("sign-off", "looks right")).resolves.toBeDefined();
    const done = await reach(flow, (s) => s.status === "completed");
    expect(done.error).toBeUndefined();
    expect(done.progress?.done).toBe(done.progress?.total);
    keepFollowing();
  });

  it("runs a flow in one request: a low-risk assessment ends with its recommendation, a high-risk one stops at the sign-off", async () => {
    await assessment();
    const quick = await service.run(
      "assessment",
      { application: "billing", loc: 1_000, integrations: 0 },
      { wait: 20 },
    );
    expect(quick).toMatchObject({ ended: true, instance: { status: "completed" }, output: { strategy: "rehost" } });
    const held = await service.run(
      "assessment",
      { application: "billing", loc: 250_000, integrations: 15 },
      { wait: 20 },
    );
    expect(held).toMatchObject({ ended: false, instance: { status: "waiting", currentNodes: ["sign-off"] } });
    if (held.ended) return;
    expect(held.statusUrl).toBe(`/api/v1/flows/${held.instance.id}/status`);
  });
});
