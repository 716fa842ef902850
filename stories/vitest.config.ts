// Every story is a test: the Storybook vitest plugin turns stories into tests (render, play function, axe), run
// headless in Debian's Chromium (no browser download).
import { fileURLToPath } from "node:url";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import chromium from "../scripts/chromium.json" with { type: "json" };

export default defineConfig({
  // Pre-bundled before the first story loads: a dependency found mid-run makes Vite reload, and a story file that
  // was being collected then reports "failed to find the current suite" on a fresh clone.
  optimizeDeps: {
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
      "@xyflow/react",
      "@tanstack/react-virtual",
      "elkjs/lib/elk.bundled.js",
      "elkjs/lib/elk-api.js",
      "marked",
      "@lezer/common",
      "@codemirror/autocomplete",
      "@codemirror/commands",
      "@codemirror/lang-json",
      "@codemirror/language",
      "@codemirror/lint",
      "@codemirror/state",
      "@codemirror/view",
      "msw",
      "msw/browser",
      "msw-storybook-addon/csf3",
      "storybook/test",
      "@storybook/react-vite",
      "@storybook/addon-a11y/preview",
      "@storybook/addon-docs/preview",
    ],
  },
  test: {
    projects: [
      { test: { name: "coverage", include: ["src/**/*.test.ts"], environment: "node" } },
      {
        extends: true,
        plugins: [storybookTest({ configDir: fileURLToPath(new URL(".storybook", import.meta.url)) })],
        test: {
          name: "storybook",
          // A story's own waits bound what it expects; this only bounds a stuck one. The 1,000-node canvas with its
          // axe pass takes well over the 15 s default on a loaded 2-core machine.
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromium.executablePath, args: chromium.args } }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
