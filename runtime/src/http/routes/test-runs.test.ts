/**
 * Test runs of drafts through the API, on both databases: a draft never published runs with its own behaviour,
 * stays pinned to what was run when the draft changes, is refused with the validator's errors when invalid, stays
 * out of the default list and analytics, and is removed by the retention sweep.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition, InstanceSummary } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { storeKey } from "../../store/tenant-repository.js";
import { apiCaller } from "../../testing/api-caller.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { lineFlow } from "../../testing/test-runtime.js";

/** start -> a transform `calc` computing `expression` over the input -> done. */
const calc = (id: string, expression: string): FlowDefinition =>
  lineFlow(id, [{ id: "calc", handler: "transform", params: { expression } }], {
    input: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
  });
const DAY = 86_400_000;

describe.each(["pglite", "postgres"] as const)("test runs of drafts on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  const call = apiCaller(() => runtime);
  const run = (id: string, definition: unknown, input: unknown = { n: 2 }) =>
    call("POST", `/flow-types/${id}/draft/test-runs?wait=5`, { definition, input });
  const listIds = async (query = "") =>
    ((await call("GET", `/flows${query}`)).body.items as InstanceSummary[]).map((i) => i.id);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-test-runs-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs a draft never published to its end with the draft's behaviour, as a test instance of version 0", async () => {
    const answer = await run("sketch", calc("sketch", "input.n * 10"));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: "completed", version: 0, testRevision: 1, flowType: "sketch" });
    expect(answer.body.context.phases.calc.output).toBe(20);
    const definition = await call("GET", `/flows/${answer.body.id}/definition`);
    expect(definition.body).toMatchObject({ id: "sketch", nodes: expect.any(Array) });
    expect(definition.body.version).toBeUndefined();
    // Nothing was published or saved: the flow type exists only through its test run.
    expect((await call("GET", "/flow-types/sketch")).status).toBe(404);
    const audit = await call("GET", "/audit?action=flow-type.draft.test-run&outcome=ok");
    expect(audit.body.items.map((r: { target: string }) => r.target)).toContain(answer.body.id);
  });

  it("keeps a test instance on the definition it ran; a changed draft gets the next revision, the same one its own", async () => {
    const first = await run("edited", calc("edited", "input.n + 1"));
    const second = await run("edited", calc("edited", "input.n + 100"));
    const again = await run("edited", calc("edited", "input.n + 1"));
    expect([first.body.testRevision, second.body.testRevision, again.body.testRevision]).toEqual([1, 2, 1]);
    expect(second.body.context.phases.calc.output).toBe(102);
    const read = await call("GET", `/flows/${first.body.id}`);
    expect(read.body.context.phases.calc.output).toBe(3);
    const definition = await call("GET", `/flows/${first.body.id}/definition`);
    expect(definition.body.nodes.find((n: { id: string }) => n.id === "calc").params.expression).toBe("input.n + 1");
  });

  it("records the latest published version of a published flow type and leaves the published one alone", async () => {
    expect((await call("POST", "/flow-types", calc("live", "input.n"))).status).toBe(201);
    const test = await run("live", calc("live", "input.n * 3"));
    expect(test.body).toMatchObject({ version: 1, testRevision: 1, status: "completed" });
    const real = await call("POST", "/flows?wait=5", { flowType: "live", input: { n: 2 } });
    expect(real.body.context.phases.calc.output).toBe(2);
    expect(real.body.testRevision).toBeUndefined();
    expect((await call("GET", `/flows/${real.body.id}/definition`)).body).toMatchObject({ id: "live", version: 1 });
  });

  it("refuses an invalid draft with the validator's errors naming the node, and a draft of another id", async () => {
    const broken = lineFlow("broken", [{ id: "calc", handler: "no-such-handler" }]);
    const answer = await run("broken", broken, {});
    expect(answer.status).toBe(422);
    expect(answer.body.type).toMatch(/invalid-definition$/);
    expect(JSON.stringify(answer.body.errors)).toContain("calc");
    const other = await run("not-this", calc("sketch", "1"));
    expect(other).toMatchObject({ status: 422, body: { errors: [{ path: "/id" }] } });
    const badInput = await run("sketch", calc("sketch", "1"), { n: "two" });
    expect(badInput.status).toBe(422);
    expect(badInput.body.type).toMatch(/invalid-input$/);
  });

  it("lists test runs only when asked, and keeps them out of analytics", async () => {
    const test = await run("counted", calc("counted", "input.n"));
    expect(await listIds()).not.toContain(test.body.id);
    expect(await listIds("?test=include")).toContain(test.body.id);
    const only = await listIds("?test=only");
    expect(only).toContain(test.body.id);
    const onlyItems = (await call("GET", "/flows?test=only")).body.items as InstanceSummary[];
    expect(onlyItems.every((i) => typeof i.testRevision === "number")).toBe(true);
    expect((await call("GET", "/flows?test=maybe")).status).toBe(422);
    const analytics = await call("GET", "/flows/analytics?flowType=counted");
    expect(JSON.stringify(analytics.body)).not.toContain('"counted"');
  });

  it("answers 403 to viewers and operators", async () => {
    const db = runtime.database.db;
    for (const role of ["viewer", "operator"] as const) {
      const key = `${role}-${driver}-test-runs`;
      await storeKey(db, "default", role, role, key);
      const response = await runtime.app.request("/api/v1/flow-types/sketch/draft/test-runs", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ definition: calc("sketch", "1"), input: { n: 1 } }),
      });
      expect(response.status).toBe(403);
    }
  });

  it("removes test runs, their history and unused revisions once older than the retention", async () => {
    const test = await run("swept", calc("swept", "input.n"));
    await run("swept", calc("swept", "input.n + 1"));
    const kept = await call("POST", "/flows", { flowType: "live", input: { n: 1 } });
    expect(await runtime.testRuns.sweep(new Date(Date.now() + DAY))).toEqual({ instances: 0, revisions: 0 });
    const removed = await runtime.testRuns.sweep(new Date(Date.now() + 8 * DAY));
    expect(removed.instances).toBeGreaterThanOrEqual(2);
    expect(removed.revisions).toBeGreaterThanOrEqual(1);
    expect((await call("GET", `/flows/${test.body.id}`)).status).toBe(404);
    expect((await call("GET", `/flows/${test.body.id}/events`)).status).toBe(404);
    expect(await listIds("?test=only")).toEqual([]);
    expect((await call("GET", `/flows/${kept.body.id}`)).status).toBe(200);
    // The highest revision stays, so a number is never handed out twice (compiled revisions are cached by it).
    const next = await run("swept", calc("swept", "input.n + 2"));
    expect(next.body.testRevision).toBe(3);
  });
});
