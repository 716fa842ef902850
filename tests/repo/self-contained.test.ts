/**
 * One clone is the whole product: nothing in the repository reads the design folder that sits beside it (the
 * docs and example flows have their copies in docs/ and examples/). A reference can be a relative path to that
 * sibling folder or a path joined from segments, so both spellings are looked for in every tracked text file.
 * It lives in the tests workspace because it checks the whole repository, not one package.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/**
 * The one file allowed to look beside the repository: the contract test keeps the external copy of the examples
 * valid when it is there, and skips that check when it is not.
 */
const ALLOWED = new Set(["schemas/src/contract.test.ts"]);

/** Generated, not written: its "resolved" paths say nothing about what the code reads. */
const SKIPPED = new Set(["package-lock.json"]);

/** A parent-relative path to the sibling folder, a path to its examples or design, or a joined path segment. */
const REFERENCES = [/\.\.\/shared\b/, /\bshared\/(examples|design)\b/, /["'`]shared["'`]\s*,\s*["'`](examples|design)/];

/** Every tracked file's path, relative to the repository root. */
async function trackedFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)("git", ["ls-files", "-z"], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split("\0").filter((path) => path !== "");
}

/** "path:line: text" for each line of `path` with a reference; none for a binary file (a NUL byte in it). */
async function referencesIn(path: string): Promise<string[]> {
  const bytes = await readFile(join(root, path)).catch(() => undefined);
  if (bytes === undefined || bytes.includes(0)) return [];
  return bytes
    .toString("utf8")
    .split("\n")
    .flatMap((text, i) => (REFERENCES.some((re) => re.test(text)) ? [`${path}:${i + 1}: ${text.trim()}`] : []));
}

describe("the repository is self-contained", () => {
  it("has no file reading the design folder beside it, except the contract test", async () => {
    const files = (await trackedFiles()).filter((path) => !SKIPPED.has(path) && !ALLOWED.has(path));
    expect(files.length).toBeGreaterThan(100);
    const found = (await Promise.all(files.map(referencesIn))).flat();
    expect(found, `references to the sibling folder:\n${found.join("\n")}`).toEqual([]);
  });

  it("still finds the reference the contract test is allowed, so the search itself works", async () => {
    expect(await referencesIn("schemas/src/contract.test.ts")).not.toEqual([]);
  });
});
