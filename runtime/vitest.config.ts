import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // One PostgreSQL server for the whole run; tests reach it with inject("postgresUrl").
    globalSetup: ["src/testing/vitest-global-setup.ts"],
    // The JSON report feeds the one-line total that `npm test` prints (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
