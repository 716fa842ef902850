// Sums the vitest JSON reports every workspace wrote during `npm test` and prints one closing line,
// "Tests: N passed, N failed", so CI logs carry the count. `--clean` removes old reports first, so a
// workspace that ran no test cannot be counted from an earlier run. Exits 1 when nothing ran.
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
// A "packs/*" entry stands for each folder under packs/.
const workspaces = (
  await Promise.all(
    pkg.workspaces.map(async (w) =>
      w.endsWith("/*")
        ? (
            await readdir(join(root, w.slice(0, -2)), { withFileTypes: true })
          )
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${w.slice(0, -2)}/${entry.name}`)
        : [w],
    ),
  )
).flat();
const reports = workspaces.map((w) => join(root, w, "test-results", "vitest.json"));

if (process.argv.includes("--clean")) {
  await Promise.all(reports.map((r) => rm(r, { force: true })));
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const [i, report] of reports.entries()) {
  let data;
  try {
    data = JSON.parse(await readFile(report, "utf8"));
  } catch {
    lines.push(`  ${workspaces[i]}: no test report`);
    continue;
  }
  passed += data.numPassedTests;
  failed += data.numFailedTests;
  skipped += data.numPendingTests + (data.numTodoTests ?? 0);
  lines.push(
    `  ${workspaces[i]}: ${data.numPassedTests} passed, ${data.numFailedTests} failed (${data.numTotalTestSuites} suites)`,
  );
}
console.log(`\n${lines.join("\n")}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
