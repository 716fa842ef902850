import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorybookBuildState } from "../assets/storybook-build.js";
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
      secrets: runtime.secrets,
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

describe("serving a Storybook built while the runtime runs", () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mfo-storybook-"));
    runtime = await createRuntime(testConfig(join(dir, "data")));
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("says the build is under way (refreshing itself), then serves the built site, without a restart", async () => {
    const site = join(dir, "storybook-static");
    // `npm start` on a fresh install: no build yet, one running in the background (a fake one here).
    let state: StorybookBuildState = { state: "building", startedAt: Date.now() - 12_000 };
    const build = { status: () => state, start: async () => state, stop() {} };
    const app = (await import("./app.js")).createApp({
      db: runtime.database.db,
      registry: runtime.registry,
      engine: runtime.engine,
      events: runtime.events,
      catalogue: { handlers: [], validators: [] },
      secrets: runtime.secrets,
      log: { info() {}, error() {} },
      ready: async () => ({ ok: true, detail: "ready" }),
      storybookDir: site,
      storybookBuild: build,
    });

    const building = await app.request("/storybook/");
    expect(building.status).toBe(503);
    expect(building.headers.get("content-type")).toContain("text/html");
    expect(building.headers.get("retry-after")).toBe("5");
    const page = await building.text();
    expect(page).toContain("Storybook is being built");
    expect(page).toMatch(/1[2-9] s so far/);
    expect(page).toContain('<meta http-equiv="refresh" content="5">');

    // The build writes its files and ends: the same app serves them.
    await mkdir(site, { recursive: true });
    await writeFile(join(site, "index.html"), "<!doctype html><title>storybook</title>");
    expect((await app.request("/storybook/")).status).toBe(503);
    state = { state: "done", ms: 33_000 };
    const built = await app.request("/storybook/");
    expect(built.status).toBe(200);
    expect(await built.text()).toContain("<title>storybook</title>");
  });

  it("says how to build it when there is none and no build runs, and why when the build failed", async () => {
    let state: StorybookBuildState = { state: "idle" };
    const app = (await import("./app.js")).createApp({
      db: runtime.database.db,
      registry: runtime.registry,
      engine: runtime.engine,
      events: runtime.events,
      catalogue: { handlers: [], validators: [] },
      secrets: runtime.secrets,
      log: { info() {}, error() {} },
      ready: async () => ({ ok: true, detail: "ready" }),
      storybookDir: join(dir, "never-built"),
      storybookBuild: { status: () => state, start: async () => state, stop() {} },
    });
    const missing = await app.request("/storybook/");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("npm run build-storybook");
    state = { state: "failed", ms: 4_000, output: "ERR! <vite> out of memory" };
    const failed = await (await app.request("/storybook/")).text();
    expect(failed).toContain("The background build failed");
    expect(failed).toContain("ERR! &lt;vite&gt; out of memory");
    expect((await app.request("/storybook/iframe.html")).status).toBe(404);
  });
});
