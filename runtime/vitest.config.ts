import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Guards against a hang, not speed checks: several tests start whole runtimes (PGlite boots in ~1-2 s),
    // and CI runs them on 2 cores beside other suites.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One PostgreSQL server for the whole run; tests reach it with inject("postgresUrl").
    globalSetup: ["src/testing/vitest-global-setup.ts"],
    // The JSON report feeds the one-line total that `npm test` prints (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
