import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The template tests start whole runtimes (embedded PGlite boots in ~1-2 s) beside other suites on CI.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report feeds the one-line total that `npm test` prints (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
