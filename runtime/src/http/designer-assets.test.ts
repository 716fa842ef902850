import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "../testing/cli-harness.js";

describe("serving the designer", () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mfo-designer-"));
    await mkdir(join(dir, "build", "assets"), { recursive: true });
    await writeFile(join(dir, "build", "index.html"), "<!doctype html><title>designer</title>");
    await writeFile(join(dir, "build", "assets", "app-abc123.js"), "console.log(1)");
    await writeFile(join(dir, "secret.txt"), "outside the build");
    await mkdir(join(dir, "storybook"), { recursive: true });
    await writeFile(join(dir, "storybook", "index.html"), "<!doctype html><title>storybook</title>");
    await writeFile(join(dir, "storybook", "iframe.html"), "<!doctype html><title>story</title>");
    runtime = await createRuntime(testConfig(join(dir, "data")));
    runtime.app = (await import("./app.js")).createApp({
      ...appDeps(runtime),
      designerDir: join(dir, "build"),
      storybookDir: join(dir, "storybook"),
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The runtime's app, rebuilt with a designer build folder of the test's own. */
  function appDeps(r: Runtime) {
    return {
      db: r.database.db,
      registry: r.registry,
      engine: r.engine,
      events: r.events,
      catalogue: { handlers: [], validators: [] },
      log: { info() {}, error() {} },
      ready: async () => ({ ok: true, detail: "ready" }),
    };
  }

  it("serves index.html at / and at the designer's own routes, without caching it", async () => {
    for (const path of ["/", "/flows/abc", "/editor/assessment"]) {
      const response = await runtime.app.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain("<title>designer</title>");
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("serves hashed assets with long caching and the right type", async () => {
    const response = await runtime.app.request("/assets/app-abc123.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(response.headers.get("cache-control")).toContain("immutable");
  });

  it("never serves files outside the build, and leaves API paths to the API", async () => {
    expect((await runtime.app.request("/assets/..%2F..%2Fsecret.txt")).status).toBe(404);
    expect((await runtime.app.request("/assets/missing.js")).status).toBe(404);
    const api = await runtime.app.request("/api/v1/nope");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect((await runtime.app.request("/healthz")).headers.get("content-type")).toContain("application/json");
  });

  it("serves the static Storybook at /storybook/, framable by this origin only, and nothing outside it", async () => {
    expect((await runtime.app.request("/storybook")).headers.get("location")).toBe("/storybook/");
    const index = await runtime.app.request("/storybook/");
    expect(await index.text()).toContain("<title>storybook</title>");
    const story = await runtime.app.request("/storybook/iframe.html");
    expect(story.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(story.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect((await runtime.app.request("/storybook/..%2Fsecret.txt")).status).toBe(404);
    expect((await runtime.app.request("/storybook/missing.html")).status).toBe(404);
    expect((await runtime.app.request("/")).headers.get("x-frame-options")).toBe("DENY");
  });
});
