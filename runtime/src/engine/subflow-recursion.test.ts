/**
 * Subflow recursion (issue 15): publishing and validating refuse a subflow cycle, naming the path of flow types,
 * and the engine bounds how deep subflows nest (MFO_MAX_SUBFLOW_DEPTH) for a cycle publishing could not see,
 * while the server keeps answering.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { callingFlow as calling } from "@mfo/schemas/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { definitionHash } from "../registry/definition-hash.js";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { transaction } from "../store/database.js";
import { insertFlowType, insertVersion } from "../store/flow-type-repository.js";
import { apiCaller } from "../testing/api-caller.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";

const MAX_DEPTH = 2;

describe.each(["pglite", "postgres"] as const)("subflow recursion on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-subflow-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl, packs: [], maxSubflowDepth: MAX_DEPTH }));
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = apiCaller(() => runtime);
  const publish = (definition: FlowDefinition) => call("POST", "/flow-types", definition);
  const instancesOf = async (flowType: string) => (await call("GET", `/flows?flowType=${flowType}`)).body.items;

  /** Polls /healthz until `done` settles; returns the longest gap between two answers (ms). */
  const healthWhile = async (done: Promise<unknown>) => {
    let settled = false;
    void done.finally(() => {
      settled = true;
    });
    let last = Date.now();
    let longest = 0;
    while (!settled) {
      const answer = await runtime.app.request("/healthz");
      expect(answer.status).toBe(200);
      longest = Math.max(longest, Date.now() - last);
      last = Date.now();
      await new Promise((r) => setTimeout(r, 25));
    }
    return longest;
  };
  const ended = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const { body } = await call("GET", `/flows/${id}`);
      if (["completed", "failed", "cancelled"].includes(body.status)) return body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`instance ${id} never ended`);
  };

  it("refuses to publish a flow type that runs itself, naming the node and the path", async () => {
    const answer = await publish(calling("rec", [{ flowType: "rec" }]));
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        code: "subflow-cycle",
        path: "/nodes/1",
        message: expect.stringContaining("rec -> rec"),
      }),
    ]);
    expect((await call("GET", "/flow-types/rec")).status).toBe(404);
  });

  it("refuses the publish that closes a cycle through another flow type", async () => {
    expect((await publish(calling("pong", []))).status).toBe(201);
    expect((await publish(calling("ping", [{ flowType: "pong" }]))).status).toBe(201);
    const closing = calling("pong", [{ flowType: "ping" }]);
    const answer = await publish(closing);
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        code: "subflow-cycle",
        path: "/nodes/1",
        message: expect.stringContaining("pong -> ping -> pong"),
      }),
    ]);
    // A pin to the version this publish would create closes the same cycle.
    const pinned = await publish(
      calling("ping", [
        { flowType: "pong", version: 1 },
        { flowType: "ping", version: 2 },
      ]),
    );
    expect(pinned.body.errors).toEqual([expect.objectContaining({ code: "subflow-cycle", path: "/nodes/2" })]);
    // POST /flow-types/validate reports it the same way.
    const validated = await call("POST", "/flow-types/validate", closing);
    expect(validated.status).toBe(422);
    expect(validated.body.errors).toEqual(answer.body.errors);
  });

  it("fails a subflow node that would nest deeper than the bound, creating nothing beyond it", async () => {
    await publish(calling("level-3", []));
    await publish(calling("level-2", [{ flowType: "level-3" }]));
    await publish(calling("level-1", [{ flowType: "level-2" }]));
    await publish(calling("level-0", [{ flowType: "level-1" }]));
    const created = await call("POST", "/flows", { flowType: "level-0" });
    expect(created.status).toBe(201);
    expect((await ended(created.body.id)).status).toBe("failed");
    expect(await instancesOf("level-3")).toEqual([]);
    const [deepest] = await instancesOf("level-2");
    const detail = await ended(deepest.id);
    expect(detail.status).toBe("failed");
    expect(detail.lastError).toMatchObject({ nodeId: "call-0", code: "subflow-depth-exceeded" });
  });

  it("bounds a cycle stored before publishing checked for cycles, and keeps answering /healthz", async () => {
    // Written straight to the store, as a store from before the check (or two racing publishes) would hold it.
    const loop = calling("loop", [{ flowType: "loop" }]);
    const now = new Date();
    await transaction(runtime.database.db, async (tx) => {
      await insertFlowType(tx, "default", "loop", {
        name: "loop",
        description: null,
        latestVersion: 1,
        updatedAt: now,
      });
      await insertVersion(tx, {
        tenantId: "default",
        flowTypeId: "loop",
        version: 1,
        definition: { ...loop, version: 1 },
        hash: definitionHash(loop),
        publishedAt: now,
        publishedBy: null,
      });
    });
    const created = await call("POST", "/flows", { flowType: "loop" });
    const root = ended(created.body.id);
    expect(await healthWhile(root)).toBeLessThan(1_000);
    expect((await root).status).toBe("failed");
    const all = await instancesOf("loop");
    expect(all).toHaveLength(MAX_DEPTH + 1);
    const reasons = await Promise.all(all.map(async (i: { id: string }) => (await ended(i.id)).lastError?.code));
    expect(reasons.sort()).toEqual(["subflow-depth-exceeded", "subflow-failed", "subflow-failed"]);
  });
});
