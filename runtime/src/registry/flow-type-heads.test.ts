/**
 * The registry's cache of each flow type's head (latest version, archived mark): a new instance without a version
 * starts on the latest one, and an archived type is refused, whichever runtime published or archived it. On
 * PostgreSQL across two runtimes (the change heard through the event bus's LISTEN channel), and within one runtime
 * on the embedded database.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { onFlowTypeChange } from "../events/flow-type-changes.js";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";

const TENANT = "default";

/** A one-transform flow whose transform says which version ran. */
const flow = (label: string): FlowDefinition =>
  ({
    id: "heads",
    name: "Heads",
    nodes: [
      { id: "start", type: "start" },
      { id: "mark", type: "phase", handler: "transform", params: { expression: `{ 'label': '${label}' }` } },
      { id: "done", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "mark" },
      { id: "e2", source: "mark", target: "done" },
    ],
  }) as FlowDefinition;

/** The version a new instance of the flow (no version asked) starts on in `runtime`. */
const startedVersion = async (runtime: Runtime) =>
  (await runtime.engine.create(TENANT, { flowType: "heads" })).record.version;

/** Resolves once `runtime` hears that the flow type changed (made there or announced by another runtime). */
const heard = (runtime: Runtime) =>
  new Promise<void>((resolve) => {
    const stop = onFlowTypeChange(runtime.database.db, (change) => {
      if (change !== "all" && change.id === "heads") {
        stop();
        resolve();
      }
    });
  });

/** Counts the statements `runtime` sends that read or write flow_types, while `work` runs. */
async function flowTypeQueries(runtime: Runtime, work: () => Promise<unknown>): Promise<number> {
  const { database } = runtime;
  if (database.driver !== "postgres") throw new Error("counts statements on PostgreSQL only");
  const pool = database.client;
  const query = pool.query;
  let count = 0;
  pool.query = function (this: unknown, config: unknown, ...rest: unknown[]) {
    const text = typeof config === "string" ? config : (config as { text?: string }).text;
    if (text?.includes("flow_types")) count++;
    return (query as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof pool.query;
  try {
    await work();
  } finally {
    pool.query = query;
  }
  return count;
}

describe("flow-type heads across runtime processes on one PostgreSQL", () => {
  const runtimes: Runtime[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase(inject("postgresUrl"));
    for (let i = 0; i < 2; i++) {
      dirs.push(await mkdtemp(join(tmpdir(), "mfo-heads-")));
      runtimes.push(await createRuntime(testConfig(dirs[i] as string, { databaseUrl })));
    }
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("starts B's instances on what A published or refuses what A archived, told through LISTEN; warm, no read", async () => {
    const [a, b] = runtimes as [Runtime, Runtime];
    const v1 = heard(b);
    await a.registry.publish(TENANT, flow("one"));
    await v1;
    expect(await startedVersion(b)).toBe(1);
    expect(await flowTypeQueries(b, () => startedVersion(b))).toBe(0);

    const v2 = heard(b);
    await a.registry.publish(TENANT, flow("two"));
    await v2;
    expect(await startedVersion(b)).toBe(2);

    const archived = heard(b);
    await a.registry.archive(TENANT, "heads", { tenantId: TENANT, actorKeyId: null, requestId: null });
    await archived;
    await expect(startedVersion(b)).rejects.toMatchObject({ status: 409, code: "archived" });

    const back = heard(b);
    await a.registry.publish(TENANT, flow("three"));
    await back;
    expect(await startedVersion(b)).toBe(3);
  });
});

describe("flow-type heads in one runtime (embedded database)", () => {
  let runtime: Runtime;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mfo-heads-"));
    runtime = await createRuntime(testConfig(dir));
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("starts new instances on the version just published, and refuses them once archived", async () => {
    await runtime.registry.publish(TENANT, flow("one"));
    expect(await startedVersion(runtime)).toBe(1);
    await runtime.registry.publish(TENANT, flow("two"));
    expect(await startedVersion(runtime)).toBe(2);
    await runtime.registry.archive(TENANT, "heads", { tenantId: TENANT, actorKeyId: null, requestId: null });
    await expect(startedVersion(runtime)).rejects.toMatchObject({ status: 409, code: "archived" });
    await runtime.registry.saveDraft(TENANT, "heads", flow("draft") as unknown as Record<string, unknown>);
    expect(await startedVersion(runtime)).toBe(2);
  });
});
