/** Start-up: packs and MFO_FLOWS_DIR published once, the admin key kept, each phase timed, bad config named. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyFlow, sampleFlow } from "@mfo/schemas/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "./config.js";
import { createRuntime } from "./create-runtime.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-start-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (overrides: Partial<ReturnType<typeof readConfig>> = {}) => ({
  ...readConfig({ MFO_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" }),
  ...overrides,
});

describe("createRuntime", () => {
  it("publishes MFO_FLOWS_DIR once, skips unchanged files after a restart, and keeps the admin key", async () => {
    const flows = join(dir, "flows");
    await mkdir(flows, { recursive: true });
    await writeFile(join(flows, "sample.json"), JSON.stringify(sampleFlow()));
    await writeFile(join(flows, "broken.json"), '{ "id": "broken", "name": "Broken", "nodes": [], "edges": [] }');

    const first = await createRuntime(config({ flowsDir: flows }));
    const key = first.adminKey;
    expect(first.published.find((p) => p.file.endsWith("sample.json"))).toMatchObject({
      id: "sample",
      version: 1,
      created: true,
    });
    expect(first.published.find((p) => p.file.endsWith("broken.json"))?.error).toMatch(/missing-start|start node/);
    expect((await readFile(join(dir, "data", "admin.key"), "utf8")).trim()).toBe(key);
    // What `mfo serve` logs in its "ready" line, with the phases it times itself (modules, listen).
    expect(Object.keys(first.startUp)).toEqual([
      "packs",
      "database",
      "migrations",
      "tenant",
      "catalogue",
      "publish",
      "events",
      "app",
    ]);
    expect(Object.values(first.startUp).every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
    await first.close();

    const second = await createRuntime(config({ flowsDir: flows }));
    expect(second.adminKey).toBe(key);
    expect(second.published.find((p) => p.file.endsWith("sample.json"))).toMatchObject({ version: 1, created: false });
    await writeFile(join(flows, "sample.json"), JSON.stringify({ ...sampleFlow(), description: "changed" }));
    await second.close();

    const third = await createRuntime(config({ flowsDir: flows }));
    expect(third.published.find((p) => p.file.endsWith("sample.json"))).toMatchObject({ version: 2, created: true });
    await third.close();
  });
});

describe("createRuntime with packs", () => {
  it("with no packs has only the built-ins in its catalogue and publishes no templates", async () => {
    const runtime = await createRuntime(config({ dataDir: join(dir, "bare"), packs: [] }));
    try {
      expect(runtime.published).toEqual([]);
      const response = await runtime.app.request("/api/v1/catalogue", {
        headers: { authorization: `Bearer ${runtime.adminKey}` },
      });
      const catalogue = (await response.json()) as { handlers: { name: string }[]; validators: { name: string }[] };
      expect(catalogue.handlers.map((h) => h.name)).toEqual(["noop", "transform", "http", "log"]);
      expect(catalogue.validators.map((v) => v.name)).toEqual(["required", "schema", "expression"]);
      const types = await runtime.app.request("/api/v1/flow-types", {
        headers: { authorization: `Bearer ${runtime.adminKey}` },
      });
      expect(((await types.json()) as { items: unknown[] }).items).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it("adds a pack given in options and stops on a pack that cannot be loaded or clashes", async () => {
    const template = { file: "sample.json", definition: sampleFlow() };
    // The sample's subflow runs "assessment": without packs, an earlier start publishes one for it.
    const seed = await createRuntime(config({ dataDir: join(dir, "own"), packs: [] }));
    await seed.registry.publish("default", emptyFlow("assessment", "Assessment"));
    await seed.close();
    const runtime = await createRuntime(config({ dataDir: join(dir, "own"), packs: [] }), {
      packs: [{ name: "own", handlers: [], validators: [], templates: [template] }],
    });
    expect(runtime.published).toEqual([{ file: "own/sample.json", id: "sample", version: 1, created: true }]);
    await runtime.close();
    await expect(createRuntime(config({ packs: ["@mfo/no-such-pack"] }))).rejects.toThrow(
      /MFO_PACKS: cannot load the pack "@mfo\/no-such-pack"/,
    );
    const clash = { name: "clash", handlers: [], validators: [], templates: [] };
    await expect(createRuntime(config({ packs: [] }), { packs: [clash, clash] })).rejects.toThrow(
      'pack "clash" is loaded twice',
    );
  });
});

describe("readConfig", () => {
  it("names the variable that makes no sense", () => {
    expect(() => readConfig({ PORT: "eighty" })).toThrow(/PORT must be a whole number/);
    expect(() => readConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL must be one of/);
  });

  it("reads MFO_PACKS: the migration pack by default, a comma separated list, or none", () => {
    expect(readConfig({}).packs).toEqual(["@mfo/pack-migration"]);
    expect(readConfig({ MFO_PACKS: " @acme/pack-a, ./b.js ," }).packs).toEqual(["@acme/pack-a", "./b.js"]);
    expect(readConfig({ MFO_PACKS: "" }).packs).toEqual([]);
  });

  it("reads the definition limits: defaults, set values, and a value that makes no sense", () => {
    expect(readConfig({}).definitionLimits).toEqual({ maxNodes: 2_000, maxEdges: 4_000, maxBytes: 524_288 });
    const env = { MFO_MAX_DEFINITION_NODES: "50", MFO_MAX_DEFINITION_EDGES: "60", MFO_MAX_DEFINITION_BYTES: "70000" };
    expect(readConfig(env).definitionLimits).toEqual({ maxNodes: 50, maxEdges: 60, maxBytes: 70_000 });
    expect(() => readConfig({ MFO_MAX_DEFINITION_NODES: "1" })).toThrow(/MFO_MAX_DEFINITION_NODES must be/);
    expect(() => readConfig({ MFO_MAX_DEFINITION_BYTES: "1k" })).toThrow(/MFO_MAX_DEFINITION_BYTES must be/);
  });

  it("reads MFO_QUARANTINE_AFTER: 3 by default, 0 (off) or a count, and refuses a value that makes no sense", () => {
    expect(readConfig({}).quarantineAfter).toBe(3);
    expect(readConfig({ MFO_QUARANTINE_AFTER: "0" }).quarantineAfter).toBe(0);
    expect(readConfig({ MFO_QUARANTINE_AFTER: "5" }).quarantineAfter).toBe(5);
    expect(() => readConfig({ MFO_QUARANTINE_AFTER: "-1" })).toThrow(/MFO_QUARANTINE_AFTER must be/);
    expect(() => readConfig({ MFO_QUARANTINE_AFTER: "three" })).toThrow(/MFO_QUARANTINE_AFTER must be/);
  });

  it("reads the expression pool's settings: defaults, set values, and a value that makes no sense", () => {
    expect(readConfig({}).expressions).toEqual({ processes: 2, heapMb: 128, maxOutputBytes: 1_048_576 });
    const env = { MFO_EXPRESSION_WORKERS: "4", MFO_EXPRESSION_HEAP_MB: "256", MFO_EXPRESSION_OUTPUT_BYTES: "65536" };
    expect(readConfig(env).expressions).toEqual({ processes: 4, heapMb: 256, maxOutputBytes: 65_536 });
    expect(() => readConfig({ MFO_EXPRESSION_WORKERS: "0" })).toThrow(/MFO_EXPRESSION_WORKERS must be/);
    expect(() => readConfig({ MFO_EXPRESSION_HEAP_MB: "8" })).toThrow(/MFO_EXPRESSION_HEAP_MB must be/);
    expect(() => readConfig({ MFO_EXPRESSION_OUTPUT_BYTES: "1M" })).toThrow(/MFO_EXPRESSION_OUTPUT_BYTES must be/);
  });

  it("reads the allow-list of hosts for the http handler", () => {
    expect(readConfig({ MFO_HTTP_ALLOW_HOSTS: "127.0.0.1, Example.org" }).httpAllowHosts).toContain("127.0.0.1");
  });
});
