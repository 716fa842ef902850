/**
 * The README's layout table is the newcomer's map, so it must match the tree: every top-level folder and every
 * folder of runtime/src and designer/src has exactly one row, and every path a row names exists. The tree is
 * read from git (tracked files), so build outputs and node_modules never count as folders.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** Folders that must each have a row: the top level, and one level below runtime/src and designer/src. */
async function foldersToDocument(): Promise<string[]> {
  const { stdout } = await promisify(execFile)("git", ["ls-files", "-z"], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const folders = new Set<string>();
  for (const path of stdout.split("\0").filter((p) => p !== "")) {
    const parts = path.split("/");
    if (parts.length > 1) folders.add(`${parts[0]}/`);
    if ((parts[0] === "runtime" || parts[0] === "designer") && parts[1] === "src" && parts.length > 3)
      folders.add(`${parts[0]}/src/${parts[2]}`);
  }
  return [...folders].sort();
}

/** The first cell of each row of the README's "| path | what lives there |" table, split into its `code` spans. */
async function tablePaths(): Promise<string[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const start = readme.indexOf("| path | what lives there |");
  expect(start, "the README has a layout table").toBeGreaterThan(-1);
  const rows = readme.slice(start).split("\n").slice(2);
  const table = rows.slice(
    0,
    rows.findIndex((line) => !line.startsWith("|")),
  );
  return table.flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string));
}

describe("the README's layout table", () => {
  it("lists every top-level folder and every folder of runtime/src and designer/src exactly once", async () => {
    const listed = await tablePaths();
    const folders = await foldersToDocument();
    expect(folders).toContain("runtime/src/engine");
    const missing = folders.filter((folder) => !listed.includes(folder));
    const twice = folders.filter((folder) => listed.filter((path) => path === folder).length > 1);
    expect({ missing, twice }).toEqual({ missing: [], twice: [] });
  });

  it("names only paths that exist", async () => {
    const gone = (await tablePaths()).filter((path) => !existsSync(join(root, path)));
    expect(gone).toEqual([]);
  });
});
