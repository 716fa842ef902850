/** `mfo publish` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite). */

import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleFlow } from "@mfo/schemas/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli, type ServedRuntime, serveTestRuntime, testConfig } from "../testing/cli-harness.js";
import { freePort } from "../testing/postgres-server.js";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const ADMIN_KEY = "test-publish-admin-key";

const mfo = (...args: string[]) => runCli(args);

let dir: string;
let served: ServedRuntime;
let url: string;
const file = (name: string) => join(dir, name);
/** `mfo publish` against the test server with the admin key. */
const publish = (...args: string[]) => mfo("publish", "--url", url, "--key", ADMIN_KEY, ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-publish-"));
  served = await serveTestRuntime(testConfig(join(dir, "data"), { adminKey: ADMIN_KEY }));
  url = served.url;

  const broken = JSON.parse(await readFile(join(examples, "assessment.json"), "utf8"));
  broken.edges.find((e: { id: string }) => e.id === "e9").target = "nowhere"; // dangling edge
  broken.nodes.push({ id: "risk", type: "phase", handler: "noop" }); // duplicate node id
  delete broken.edges.find((e: { id: string }) => e.id === "e5").condition; // decision edge without condition
  await writeFile(file("broken.json"), JSON.stringify(broken, null, 2));
  await writeFile(file("sample.json"), JSON.stringify(sampleFlow()));
  await writeFile(file("bom.json"), `\ufeff${JSON.stringify({ ...sampleFlow(), id: "sample-bom" })}`);
  await writeFile(file("second.json"), JSON.stringify({ ...sampleFlow(), id: "second" }));
  await writeFile(file("not-json.json"), '{ "id": "x", nodes: [ }');
  await mkdir(file("a-directory"));
});

afterAll(async () => {
  await served?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  // The developer's own environment must not decide which server the tests talk to.
  vi.stubEnv("MFO_URL", "");
  vi.stubEnv("MFO_KEY", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("mfo publish", () => {
  it("publishes a new flow type as v1, then says unchanged when the same definition is published again", async () => {
    expect(await publish(file("sample.json"))).toEqual({
      code: 0,
      stdout: `${file("sample.json")}: published sample v1\n`,
      stderr: "",
    });
    expect(await publish(file("sample.json"))).toEqual({
      code: 0,
      stdout: `${file("sample.json")}: unchanged, sample v1\n`,
      stderr: "",
    });
  });

  it("publishes a changed definition as the next version", async () => {
    const evolving = { ...sampleFlow(), id: "evolving" };
    await writeFile(file("evolving.json"), JSON.stringify(evolving));
    expect((await publish(file("evolving.json"))).stdout).toBe(`${file("evolving.json")}: published evolving v1\n`);
    await writeFile(file("evolving.json"), JSON.stringify({ ...evolving, description: "changed" }));
    expect(await publish(file("evolving.json"))).toEqual({
      code: 0,
      stdout: `${file("evolving.json")}: published evolving v2\n`,
      stderr: "",
    });
  });

  it("reads files that start with a byte-order mark", async () => {
    expect(await publish(file("bom.json"))).toMatchObject({
      code: 0,
      stdout: `${file("bom.json")}: published sample-bom v1\n`,
    });
  });

  it("prints the server's errors exactly as mfo validate prints them, and exits 1", async () => {
    const validated = await mfo("validate", file("broken.json"));
    const run = await publish(file("broken.json"), file("second.json"));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${validated.stdout}${file("second.json")}: published second v1\n`);
    expect(run.stdout).toContain(
      `${file("broken.json")}: /edges/8/target (node recommendations, edge e9): edge e9 leads to "nowhere", which is not a node of this flow`,
    );
    expect(run.stderr).toBe("");
  });

  it.each([
    ["a missing file", "missing.json", "cannot read: no such file"],
    ["a directory", "a-directory", "cannot read: is a directory"],
    ["a file that is not JSON", "not-json.json", "not valid JSON: "],
  ])("exits 2 with one line for %s, still publishing the other files", async (_what, name, message) => {
    const run = await publish(file(name), file("sample.json"));
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toContain(`mfo: ${file(name)}: ${message}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect([
      `${file("sample.json")}: published sample v1\n`,
      `${file("sample.json")}: unchanged, sample v1\n`,
    ]).toContain(run.stdout);
  });

  it("says once, in one line, that the key is wrong, and exits 1", async () => {
    const run = await mfo("publish", "--url", url, "--key", "mfo_wrong", file("sample.json"), file("second.json"));
    expect(run).toEqual({ code: 1, stdout: "", stderr: "mfo: the API key is not valid (401 Unauthorized)\n" });
  });

  it("says the server cannot be reached when nothing listens on the port, and exits 2", async () => {
    const port = await freePort();
    const run = await mfo("publish", "--url", `http://127.0.0.1:${port}`, "--key", ADMIN_KEY, file("sample.json"));
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `mfo: cannot reach MFO at http://127.0.0.1:${port}: connection refused (is \`mfo serve\` running?)\n`,
    });
  });

  it("takes the server and key from MFO_URL and MFO_KEY", async () => {
    vi.stubEnv("MFO_URL", `${url}/`);
    vi.stubEnv("MFO_KEY", ADMIN_KEY);
    expect(await mfo("publish", file("sample.json"))).toMatchObject({ code: 0 });
  });

  it.each([
    ["no key", ["publish", "x.json"], /no API key: pass --key KEY or set MFO_KEY/],
    ["no files", ["publish", "--key", "k"], /needs at least one FILE/],
    ["a URL that is not http", ["publish", "--key", "k", "--url", "ftp://host", "x.json"], /http:\/\/ or https:\/\//],
    ["an unknown option", ["publish", "--yaml", "x.json"], /--yaml/],
  ])("exits 2 with usage for %s", async (_what, args, message) => {
    const run = await mfo(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: mfo publish");
  });
});
