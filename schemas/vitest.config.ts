import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // A guard against a hang, not a speed check: property tests validate many large flows on a busy CI machine.
    testTimeout: 30_000,
    // The JSON report feeds the one-line total that `npm test` prints (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
