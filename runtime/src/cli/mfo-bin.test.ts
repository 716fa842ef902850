/** The installed command, exactly as the README runs it: `npx mfo validate examples/*.json` from the root. */
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const run = promisify(execFile);

async function npxMfo(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npx", ["--no-install", "mfo", ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npx mfo from the repository root", () => {
  it("validates the examples and exits 0", async () => {
    const files = (await readdir(join(root, "examples"))).filter((f) => f.endsWith(".json"));
    const run = await npxMfo("validate", ...files.map((f) => `examples/${f}`));
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(files.map((f) => `examples/${f}: ok`));
  });

  it("exits 2 with a one-line message and no stack trace for a missing file", async () => {
    const run = await npxMfo("validate", "no-such-flow.json");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("mfo: no-such-flow.json: cannot read: no such file");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
