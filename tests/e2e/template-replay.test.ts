/**
 * Time travel rebuilds a run from what is stored, never from the live row: for every shipped template, a run from
 * its sample input (approvals approved, manual phases executed) ends on a real `mfo serve`, and replaying all of
 * its events with its node attempt rows (Timeline, @mfo/client) ends exactly at the stored instance: status,
 * position and the whole flow context (input, and each phase's status, attempts, times, error and output).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FlowService, loadHistory, Timeline } from "@mfo/client";
import type { FlowDefinition, Instance } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RuntimeProcess, startRuntime, stopAll } from "../support/runtime-process.js";
import { TEMPLATE_IDS } from "../support/template-ids.js";

async function sampleOf(id: string): Promise<Record<string, unknown>> {
  const file = new URL(`../../packs/migration/src/templates/${id}/${id}.json`, import.meta.url);
  const definition = JSON.parse(await readFile(file, "utf8")) as { input: { examples: Record<string, unknown>[] } };
  return definition.input.examples[0] as Record<string, unknown>;
}

/** Runs the instance to its end as an operator would: approves each approval, executes each manual phase. */
async function runToEnd(api: FlowService, id: string, definition: FlowDefinition): Promise<Instance> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const instance = await api.getFlow(id);
    if (instance.finishedAt) return instance;
    if (instance.status === "waiting")
      for (const nodeId of instance.currentNodes) {
        const node = definition.nodes.find((n) => n.id === nodeId);
        if (node?.type === "approval")
          await api.execute(id, { node: nodeId, decision: "approve", comment: "replay test" });
        else if (node?.type === "phase" && instance.context.phases[nodeId]?.status !== "running")
          await api.execute(id, { node: nodeId });
      }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`instance ${id} did not end within 30 s`);
}

describe("replaying the history of a finished run of each template", () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-replay-"));
    runtime = await startRuntime("template-replay", {
      MFO_DATA_DIR: dataDir,
      MFO_POLL_MS: "20",
      MFO_RATE_LIMIT: "0",
      MFO_PACKS: "@mfo/pack-migration",
    });
  });
  afterAll(async () => {
    await stopAll();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(TEMPLATE_IDS)("%s: the state after the last event is the stored instance", async (id) => {
    const api = runtime.client;
    const created = await api.createFlow({ flowType: id, input: await sampleOf(id) });
    const { definition } = await api.getVersion(id, created.version);
    const stored = await runToEnd(api, created.id, definition);
    expect(stored.status).toBe("completed");
    const { events, attempts } = await loadHistory(api, created.id);
    const timeline = new Timeline(definition, events, attempts);
    const replayed = timeline.stateAt(Number.MAX_SAFE_INTEGER);
    expect(replayed.seq).toBe(events.at(-1)?.seq);
    expect(replayed.status).toBe(stored.status);
    expect([...replayed.currentNodes].sort()).toEqual([...stored.currentNodes].sort());
    expect(replayed.context.input).toEqual(stored.context.input);
    // Phase by phase first, so a failure names the phase; then the whole context.
    for (const [nodeId, phase] of Object.entries(stored.context.phases))
      expect(replayed.context.phases[nodeId], `${id}/${nodeId}`).toEqual(phase);
    expect(replayed.context).toEqual(stored.context);
    // And each intermediate state is one the run passed through: it ends where the live view ends.
    const middle = timeline.stateAtIndex(Math.floor(events.length / 2));
    expect(middle.finished).toBe(false);
  });
});
