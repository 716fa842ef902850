/** `mfo run` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite, engine running). */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Runtime } from "../server/create-runtime.js";
import { storeKey } from "../store/tenant-repository.js";
import { runCli, type ServedRuntime, serveTestRuntime, testConfig } from "../testing/cli-harness.js";
import { freePort } from "../testing/postgres-server.js";
import type { RunIo } from "./run-command.js";

const ADMIN_KEY = "test-run-admin-key";
const VIEWER_KEY = "test-run-viewer-key";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOW_RISK = JSON.stringify({ application: "billing", loc: 1_000, integrations: 0 });
const HIGH_RISK = JSON.stringify({ application: "billing", loc: 250_000, integrations: 15 });

const mfoWith = (extra: Partial<RunIo>, ...args: string[]) => runCli(args, extra);
const mfo = (...args: string[]) => mfoWith({}, ...args);

let dir: string;
let runtime: Runtime;
let served: ServedRuntime;
let url: string;
/** `mfo run` against the test server with the admin key. */
const run = (...args: string[]) => mfo("run", "--url", url, "--key", ADMIN_KEY, ...args);
const lines = (text: string) => text.split("\n").filter(Boolean);

/** A flow of start -> the given nodes in a row -> end. */
function chain(id: string, nodes: FlowDefinition["nodes"]): FlowDefinition {
  const all: FlowDefinition["nodes"] = [{ id: "start", type: "start" }, ...nodes, { id: "done", type: "end" }];
  return {
    id,
    name: id,
    nodes: all,
    edges: all.slice(1).map((node, i) => ({ id: `e${i}`, source: all[i]?.id as string, target: node.id })),
  };
}

/** The instance's compact status, straight from the API. */
async function statusOf(id: string): Promise<{ status: string; currentNodes: string[] }> {
  const response = await fetch(`${url}/api/v1/flows/${id}/status`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  return (await response.json()) as { status: string; currentNodes: string[] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-run-"));
  // The server waits at most 1 s in a create-and-wait: "slow" outlives it, so `--wait` goes on to follow it.
  served = await serveTestRuntime(testConfig(join(dir, "data"), { adminKey: ADMIN_KEY, maxCreateWaitSeconds: 1 }));
  runtime = served.runtime;
  url = served.url;
  await storeKey(runtime.database.db, "default", "viewer", "viewer", VIEWER_KEY);
  const flows = [
    chain("slow", [
      { id: "cool-off", type: "wait", delayMs: 2_000 },
      { id: "work", type: "phase", handler: "noop" },
    ]),
    chain("forever", [{ id: "hold", type: "wait", delayMs: 3_600_000 }]),
    chain("sum", [
      { id: "add", type: "phase", handler: "transform", params: { expression: "{ 'sum': input.a + input.b }" } },
    ]),
    chain("breaks", [
      {
        id: "boom",
        type: "phase",
        handler: "transform",
        params: { expression: "$error('the boom phase broke')" },
        retry: { maxAttempts: 1 },
      },
    ]),
  ];
  for (const flow of flows) await runtime.registry.publish("default", flow);
  await writeFile(join(dir, "input.json"), LOW_RISK);
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

describe("mfo run", () => {
  it("starts an instance and prints only its id, exiting 0", async () => {
    const result = await run("assessment", "--input", LOW_RISK);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${UUID.source.slice(0, -1)}\\n$`));
    expect(result.stderr).toBe("");
    expect((await statusOf(result.stdout.trim())).status).toMatch(/running|completed/);
  });

  it("prints the created instance as JSON with --json, with its name", async () => {
    const result = await run("assessment", "--input", LOW_RISK, "--name", "billing run", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ flowType: "assessment", version: 1, name: "billing run" });
  });

  it("reads the input from --input-file", async () => {
    const result = await run("assessment", "--input-file", join(dir, "input.json"), "--wait");
    expect(result.code).toBe(0);
  });

  it("returns the same instance for a repeated idempotency key, and says so", async () => {
    const first = await run("assessment", "--input", LOW_RISK, "--idempotency-key", "order-42");
    const again = await run("assessment", "--input", LOW_RISK, "--idempotency-key", "order-42");
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toContain('idempotency key "order-42" was used before');
  });

  it("with --wait, follows a low-risk assessment to completion and exits 0", async () => {
    const result = await run("assessment", "--input", LOW_RISK, "--wait");
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(UUID);
    expect(out.at(-1)).toMatch(/^completed in \d+\.\d s$/);
    expect(result.stderr).toBe("");
  });

  it("with --wait, stops at the sign-off of a high-risk assessment, names the call to make, and exits 3", async () => {
    const result = await run("assessment", "--input", HIGH_RISK, "--wait");
    expect(result.code).toBe(3);
    const [id] = lines(result.stdout);
    expect(lines(result.stdout).at(-1)).toBe(
      `waiting at sign-off: an operator must act (POST /api/v1/flows/${id}/execute)`,
    );
    expect(await statusOf(id as string)).toMatchObject({ status: "waiting", currentNodes: ["sign-off"] });
  });

  it("without a TTY, prints a progress line only when the status or current nodes change", async () => {
    const result = await run("slow", "--wait");
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("\r");
    const out = lines(result.stdout);
    expect(out[0]).toMatch(UUID);
    // The wait counts as a step (the flow sleeping in it has not done all its steps): 0 of its wait and its phase.
    expect(out).toContainEqual(expect.stringMatching(/^running {2}0\/2 steps {2}at: cool-off {2}\(\d+\.\d s\)$/));
    expect(out.at(-1)).toMatch(/^completed in \d+\.\d s$/);
    // About three polls a second for the rest of cool-off, yet one line for it.
    expect(out.filter((line) => line.includes("at: cool-off"))).toHaveLength(1);
  });

  it("on a TTY, rewrites one progress line in place with a spinner, then clears it for the outcome", async () => {
    const result = await mfoWith({ stdoutIsTty: true }, "run", "--url", url, "--key", ADMIN_KEY, "slow", "--wait");
    expect(result.code).toBe(0);
    // The terminal's erase-to-end-of-line, spelled out so the patterns need no control characters.
    const shown = result.stdout.replaceAll("\x1b[K", "<erase>");
    expect(shown).toMatch(/\r[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running {2}0\/2 steps {2}at: cool-off {2}\(\d+\.\d s\)<erase>/);
    expect(shown.match(/\r[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running/g)?.length).toBeGreaterThan(1);
    expect(shown).toMatch(/\r<erase>completed in \d+\.\d s\n$/);
  });

  it("with --wait --json, prints the instance as it ended and the outcome on stderr", async () => {
    const result = await run("assessment", "--input", LOW_RISK, "--wait", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "completed", progress: { done: 5, total: 5 } });
    expect(result.stderr).toMatch(/^mfo: completed in \d+\.\d s\n$/);
  });

  it("with --wait, names the failed node and its error, and exits 1", async () => {
    const result = await run("breaks", "--wait");
    expect(result.code).toBe(1);
    expect(lines(result.stdout).at(-1)).toMatch(/^failed at boom: .*the boom phase broke/);
  });

  it("gives up waiting at --timeout, says the instance keeps running, and exits 1", async () => {
    const result = await run("forever", "--wait", "--timeout", "0.5");
    expect(result.code).toBe(1);
    const [id] = lines(result.stdout);
    expect(result.stderr).toBe(`mfo: still running after 0.5 s; stopped waiting, instance ${id} keeps running\n`);
    expect((await statusOf(id as string)).status).toBe("running");
  });

  it("with --wait, gets the flow's end in the create's answer: prints the id, the output and how it ended", async () => {
    const result = await run("sum", "--input", '{"a": 2, "b": 3}', "--wait");
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(UUID);
    expect(out.slice(1, 2)).toEqual(['output: {"sum":5}']);
    expect(out.at(-1)).toMatch(/^completed in \d+\.\d s$/);
  });

  it("takes --wait=SECONDS as the time to wait", async () => {
    const result = await run("forever", "--wait=0.5");
    expect(result.code).toBe(1);
    const [id] = lines(result.stdout);
    expect(result.stderr).toBe(`mfo: still running after 0.5 s; stopped waiting, instance ${id} keeps running\n`);
  });

  it("stops waiting on Ctrl-C without touching the instance, printing its id, and exits 130", async () => {
    const result = await mfoWith(
      {
        onInterrupt: (listener) => {
          const timer = setTimeout(listener, 400);
          return () => clearTimeout(timer);
        },
      },
      ...["run", "--url", url, "--key", ADMIN_KEY, "forever", "--wait"],
    );
    expect(result.code).toBe(130);
    // Ctrl-C came during the create's own wait: the CLI learnt the instance's id from its idempotency key.
    const id = /^mfo: stopped waiting; instance (\S+) keeps running \(GET \/api\/v1\/flows\/\1\/status\)\n$/.exec(
      result.stderr,
    )?.[1];
    expect(id).toMatch(UUID);
    expect((await statusOf(id as string)).status).toBe("running");
  });

  it("prints each input error with its JSON pointer and exits 1", async () => {
    const result = await run("assessment", "--input", '{"loc": -1}', "--wait");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(lines(result.stderr)).toEqual([
      'mfo: /input: missing required property "application"',
      "mfo: /input/loc: Loc must be at least 0 (it is -1)",
    ]);
  });

  it.each([
    ["an unknown flow type", ["nope"], 'mfo: flow type "nope" was not found (404 Not found)\n'],
    ["a version that was never published", ["assessment", "--version", "99"], /\(404 Not found\)\n$/],
  ])("exits 1 with one line for %s", async (_what, args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(1);
    if (typeof message === "string") expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    expect(lines(result.stderr)).toHaveLength(1);
  });

  it("exits 1 with the problem's detail in one line for a wrong key", async () => {
    const result = await mfo("run", "--url", url, "--key", "mfo_wrong", "assessment", "--input", LOW_RISK);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "mfo: the API key is not valid (401 Unauthorized)\n" });
  });

  it("exits 1 saying which role is needed for a key whose role is too low", async () => {
    const result = await mfo("run", "--url", url, "--key", VIEWER_KEY, "assessment", "--input", LOW_RISK);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "mfo: this needs the operator role; the key has viewer (403 Forbidden)\n",
    });
  });

  it("exits 2 with one line when nothing listens at the URL", async () => {
    const port = await freePort();
    const result = await mfo("run", "--url", `http://127.0.0.1:${port}`, "--key", ADMIN_KEY, "assessment", "--wait");
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `mfo: cannot reach MFO at http://127.0.0.1:${port}: connection refused (is \`mfo serve\` running?)\n`,
    });
  });

  it("exits 2 with one line for an --input-file that cannot be read", async () => {
    const result = await run("assessment", "--input-file", join(dir, "missing.json"));
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `mfo: ${join(dir, "missing.json")}: cannot read: no such file\n`,
    });
  });

  it("takes the server and key from MFO_URL and MFO_KEY", async () => {
    vi.stubEnv("MFO_URL", url);
    vi.stubEnv("MFO_KEY", ADMIN_KEY);
    expect((await mfo("run", "assessment", "--input", LOW_RISK)).code).toBe(0);
  });

  it.each([
    ["input that is not JSON", ["assessment", "--input", "{application: x}"], /--input is not valid JSON: /],
    ["both --input and --input-file", ["assessment", "--input", "{}", "--input-file", "x.json"], /not both/],
    ["no flow type", [], /needs a FLOWTYPE/],
    ["two flow types", ["assessment", "discovery"], /one FLOWTYPE/],
    ["a version that is not a whole number", ["assessment", "--version", "1.5"], /--version must be a whole number/],
    ["a timeout that is not a number", ["assessment", "--wait", "--timeout", "soon"], /--timeout must be a number/],
    ["a timeout of zero", ["assessment", "--wait", "--timeout", "0"], /--timeout must be a number/],
    ["a wait that is not a number", ["assessment", "--wait=soon"], /--wait must be a number/],
    ["both --wait=SECONDS and --timeout", ["assessment", "--wait=1", "--timeout", "2"], /not both/],
  ])("exits 2 with usage for %s", async (_what, args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: mfo run");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 with usage saying how to give a key when there is none", async () => {
    const result = await mfo("run", "--url", url, "assessment");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no API key: pass --key KEY or set MFO_KEY");
    expect(result.stderr).toContain("Usage: mfo run");
  });
});
