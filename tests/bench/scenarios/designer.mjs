// Designer: opens a generated 1,000-node flow in the designer in headless Chromium (Debian's /usr/bin/chromium)
// against a real runtime, and measures time to interactive (every node drawn and a click selects a node in the
// inspector) and validation per edit (the designer's own performance.measure "mfo:validate"), each the median of
// BENCH_DESIGNER_RUNS (3), beside the same figures for a 12-node flow measured in the same run: the baseline.
import { generateFlow } from "@mfo/schemas/testing";
import { chromium } from "playwright-core";
import launch from "../../../scripts/chromium.json" with { type: "json" };
import { ADMIN_KEY, say, startRuntime } from "../lib/runtime-process.mjs";

const RUNS = Number(process.env.BENCH_DESIGNER_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measureOnce(browser, base, flowId, nodes) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(`${base}/?key=${ADMIN_KEY}`);
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    const started = Date.now();
    await page.goto(`${base}/flows/${flowId}/edit`);
    await page.locator(".react-flow__node").first().waitFor({ timeout: 60_000 });
    const firstRender = Date.now() - started;
    await page.waitForFunction((n) => document.querySelectorAll(".react-flow__node").length >= n, nodes, {
      timeout: 60_000,
    });
    // Click a node that is on screen (a wide flow does not fit even at the smallest zoom).
    const point = await page.evaluate(() => {
      for (const el of document.querySelectorAll(".react-flow__node")) {
        const r = el.getBoundingClientRect();
        if (r.x > 160 && r.right < 1000 && r.y > 120 && r.bottom < 780 && r.width > 3)
          return [r.x + r.width / 2, r.y + r.height / 2];
      }
      return null;
    });
    if (!point) throw new Error("no node on screen to click");
    await page.mouse.click(point[0], point[1]);
    await page.getByRole("complementary", { name: "Inspector" }).getByLabel("Id", { exact: true }).waitFor();
    const interactive = Date.now() - started;
    // Edits: rename the flow a few characters at a time; each settles into one validation.
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    const name = page.getByLabel("Name", { exact: true });
    for (let i = 0; i < 5; i++) {
      await name.press("End");
      await name.type("x");
      await page.waitForTimeout(250);
    }
    const measured = await page.evaluate(() => performance.getEntriesByName("mfo:validate").map((e) => e.duration));
    return { firstRender, interactive, validation: median(measured.slice(1)) };
  } finally {
    await page.close();
  }
}

async function measure(browser, base, flowId, nodes) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measureOnce(browser, base, flowId, nodes));
  return {
    nodes,
    firstRenderMs: median(runs.map((r) => r.firstRender)),
    interactiveMs: median(runs.map((r) => r.interactive)),
    validationMs: median(runs.map((r) => r.validation)),
  };
}

export async function run() {
  const runtime = await startRuntime();
  const browser = await chromium.launch({
    executablePath: process.env.MFO_CHROMIUM ?? launch.executablePath,
    args: launch.args,
  });
  try {
    const measured = [];
    for (const [id, size] of [
      ["bench-small", 12],
      ["bench-1000", 1000],
    ]) {
      await runtime.client.publish(generateFlow({ nodes: size, seed: 7, id }));
      say(`  designer: ${size} nodes, ${RUNS} runs`);
      measured.push(await measure(browser, runtime.base, id, size));
    }
    const [small, large] = measured;
    const row = (scenario, field, goalMs) => ({
      scenario,
      clients: null,
      figure: large[field],
      unit: "ms",
      baseline: small[field],
      baselineLabel: "12-node flow",
      ratio: small[field] / large[field],
      goal: `< ${goalMs} ms`,
      met: large[field] < goalMs,
      details: { runs: RUNS, small, large },
    });
    return [
      row("designer: time to interactive, 1,000 nodes", "interactiveMs", 1500),
      row("designer: validation per edit, 1,000 nodes", "validationMs", 16),
    ];
  } finally {
    await browser.close();
    await runtime.stop();
  }
}
