/**
 * The README's example pack (examples/packs/greeting-pack.mjs), loaded by path as MFO_PACKS loads it: its handler
 * joins the catalogue beside the built-ins, its template is published at start-up, and an instance of that
 * template runs through the handler to completion.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "../testing/cli-harness.js";

const EXAMPLE_PACK = join(import.meta.dirname, "..", "..", "..", "examples", "packs", "greeting-pack.mjs");

let dir: string;
let runtime: Runtime;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-example-pack-"));
  runtime = await createRuntime(testConfig(dir, { packs: [EXAMPLE_PACK] }));
  runtime.engine.start();
});
afterAll(async () => {
  await runtime?.close();
  await rm(dir, { recursive: true, force: true });
});

const call = async (method: string, path: string, body?: unknown) => {
  const response = await runtime.app.request(path, {
    method,
    headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the example pack", () => {
  it("adds its handler to the built-ins and publishes its template", async () => {
    const catalogue = await call("GET", "/api/v1/catalogue");
    const handlers = (catalogue.body.handlers as { name: string }[]).map((h) => h.name).sort();
    expect(handlers).toEqual(["greet", "http", "log", "noop", "transform"]);
    expect(runtime.published).toEqual([{ file: "greeting/greeting.json", id: "greeting", version: 1, created: true }]);
  });

  it("runs an instance of its template through its handler", async () => {
    const created = await call("POST", "/api/v1/flows", { flowType: "greeting", input: { name: "Ada" } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let instance = created.body;
    for (let i = 0; i < 200 && instance.status !== "completed" && instance.status !== "failed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      instance = (await call("GET", `/api/v1/flows/${id}`)).body;
    }
    expect(instance.status).toBe("completed");
    expect(instance.context).toMatchObject({ phases: { greet: { output: { greeting: "Hello, Ada!" } } } });
  });
});
