import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["reliability/**/*.test.ts", "hostile/**/*.test.ts", "e2e/**/*.test.ts", "repo/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
