import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleFlow } from "@mfo/schemas/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/cli-harness.js";

const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples");

const mfo = (...args: string[]) => runCli(args);

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-cli-"));
  const broken = JSON.parse(await readFile(join(examples, "assessment.json"), "utf8"));
  broken.edges.find((e: { id: string }) => e.id === "e9").target = "nowhere"; // dangling edge
  broken.nodes.push({ id: "risk", type: "phase", handler: "noop" }); // duplicate node id
  delete broken.edges.find((e: { id: string }) => e.id === "e5").condition; // decision edge without condition
  await writeFile(file("broken.json"), JSON.stringify(broken, null, 2));
  await writeFile(file("valid.json"), JSON.stringify(sampleFlow()));
  await writeFile(file("bom.json"), `\ufeff${JSON.stringify(sampleFlow())}`);
  await writeFile(file("not-json.json"), '{ "id": "x", nodes: [ }');
  await writeFile(file("null.json"), "null");
  await mkdir(file("a-directory"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mfo validate", () => {
  it("prints ok for each valid file and exits 0", async () => {
    const run = await mfo("validate", join(examples, "assessment.json"), join(examples, "discovery.json"));
    expect(run).toEqual({
      code: 0,
      stdout: `${join(examples, "assessment.json")}: ok\n${join(examples, "discovery.json")}: ok\n`,
      stderr: "",
    });
  });

  it("names a dangling edge, a duplicate node id and a decision without condition, with pointers and node ids, and exits 1", async () => {
    const run = await mfo("validate", file("broken.json"));
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toContain(
      `${file("broken.json")}: /edges/4 (node risk-gate, edge e5): edge e5 of decision "risk-gate" needs a condition, or default: true`,
    );
    expect(lines).toContain(
      `${file("broken.json")}: /edges/8/target (node recommendations, edge e9): edge e9 leads to "nowhere", which is not a node of this flow`,
    );
    expect(lines).toContain(
      `${file("broken.json")}: /nodes/9/id (node risk): node id "risk" is already used by /nodes/3`,
    );
    expect(run.stderr).toBe("");
  });

  it("prints one JSON array with --json", async () => {
    const run = await mfo("validate", "--json", file("valid.json"), file("broken.json"));
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout);
    expect(results).toHaveLength(2);
    expect(results[0]).toEqual({ file: file("valid.json"), valid: true, errors: [] });
    expect(results[1].valid).toBe(false);
    expect(results[1].errors.map((e: { code: string }) => e.code)).toEqual(
      expect.arrayContaining(["unknown-edge-target", "duplicate-node-id", "decision-edge-without-condition"]),
    );
  });

  it("reads files that start with a byte-order mark", async () => {
    expect((await mfo("validate", file("bom.json"))).code).toBe(0);
  });

  it("says a JSON null is not a flow, and exits 1", async () => {
    const run = await mfo("validate", file("null.json"));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${file("null.json")}: (document): a flow definition must be a JSON object, not null\n`);
  });

  it.each([
    ["a missing file", "missing.json", "cannot read: no such file"],
    ["a directory", "a-directory", "cannot read: is a directory"],
    ["a file that is not JSON", "not-json.json", "not valid JSON: "],
  ])("exits 2 with one line for %s, still checking the other files", async (_what, name, message) => {
    const run = await mfo("validate", file(name), file("valid.json"));
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toContain(`mfo: ${file(name)}: ${message}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe(`${file("valid.json")}: ok\n`);
  });

  it("lists unreadable files in --json output as invalid", async () => {
    const run = await mfo("validate", "--json", file("missing.json"));
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: file("missing.json"),
        valid: false,
        errors: [{ path: "", code: "unreadable", message: "cannot read: no such file" }],
      },
    ]);
  });

  it.each([
    ["no files", ["validate"], /needs at least one FILE/],
    ["an unknown option", ["validate", "--yaml", "x.json"], /--yaml/],
  ])("exits 2 with usage for %s", async (_what, args, message) => {
    const run = await mfo(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: mfo validate");
  });
});

describe("mfo", () => {
  it("exits 2 on an unknown command and lists the commands", async () => {
    const run = await mfo("frobnicate");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
    expect(run.stderr).toContain("validate FILE...");
  });

  it("prints help with --help and exits 0", async () => {
    const run = await mfo("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: mfo <command>");
  });

  it("prints a command's help with help COMMAND", async () => {
    expect((await mfo("help", "validate")).stdout).toContain("Usage: mfo validate");
  });

  it("does not treat Object.prototype names as commands", async () => {
    expect((await mfo("constructor")).code).toBe(2);
    expect((await mfo("__proto__")).code).toBe(2);
  });
});
