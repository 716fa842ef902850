#!/usr/bin/env node
// Designer benchmark (`npm run bench`, not part of `npm test`): opens a generated 1,000-node flow in the
// designer in headless Chromium (Debian's /usr/bin/chromium) against a real runtime, and reports the time to
// first render (first node drawn), time to interactive (every node drawn and a click selects a node in the
// inspector) and validation per edit (the designer's own performance.measure "mfo:validate"), each the median
// of RUNS, beside the same figures for a 12-node flow measured in the same run. Targets: < 1.5 s to
// interactive and < 16 ms per validation at 1,000 nodes. Writes bench-results/designer-<date>.json.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFlow } from "@mfo/schemas/testing";
import { chromium } from "playwright-core";
import launch from "../../scripts/chromium.json" with { type: "json" };

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KEY = "mfo_designer_bench_key";
const root = new URL("../..", import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const step = (text) => process.stderr.write(`${text}\n`);

async function startRuntime(dataDir) {
  const child = spawn(process.execPath, [join(root, "runtime/bin/mfo.js"), "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", MFO_DATA_DIR: dataDir, MFO_ADMIN_KEY: KEY, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const base = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`runtime did not start:\n${out}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/Open:\s+(http:\/\/[^/\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`runtime exited ${code}:\n${out}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { base, stop };
}

async function measure(browser, base, flowId, nodes) {
  const firstRender = [];
  const interactive = [];
  const validations = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/?key=${KEY}`);
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    const started = Date.now();
    await page.goto(`${base}/flows/${flowId}/edit`);
    await page.locator(".react-flow__node").first().waitFor({ timeout: 60_000 });
    firstRender.push(Date.now() - started);
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
    interactive.push(Date.now() - started);
    // Edits: rename the flow a few characters at a time; each settles into one validation.
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    const name = page.getByLabel("Name", { exact: true });
    for (let i = 0; i < 5; i++) {
      await name.press("End");
      await name.type("x");
      await page.waitForTimeout(250);
    }
    const measured = await page.evaluate(() => performance.getEntriesByName("mfo:validate").map((e) => e.duration));
    validations.push(median(measured.slice(1)));
    await page.close();
  }
  return {
    nodes,
    firstRenderMs: median(firstRender),
    interactiveMs: median(interactive),
    validationMs: median(validations),
  };
}

const dataDir = await mkdtemp(join(tmpdir(), "mfo-designer-bench-"));
const runtime = await startRuntime(dataDir);
const browser = await chromium.launch({
  executablePath: process.env.MFO_CHROMIUM ?? launch.executablePath,
  args: launch.args,
});
try {
  const rows = [];
  for (const [id, size] of [
    ["bench-small", 12],
    ["bench-1000", 1000],
  ]) {
    const flow = generateFlow({ nodes: size, seed: 7, id });
    const published = await fetch(`${runtime.base}/api/v1/flow-types`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify(flow),
    });
    if (!published.ok) throw new Error(`publishing ${id}: ${published.status} ${await published.text()}`);
    step(`measuring ${size} nodes, ${RUNS} runs...`);
    rows.push(await measure(browser, runtime.base, id, size));
  }
  const [small, large] = rows;
  console.log("\ndesigner in headless Chromium, median of", RUNS, "runs");
  console.table(
    rows.map((r) => ({
      nodes: r.nodes,
      "first render (ms)": r.firstRenderMs,
      "interactive (ms)": r.interactiveMs,
      "validation per edit (ms)": Number(r.validationMs.toFixed(2)),
    })),
  );
  console.log(
    `1,000 vs 12 nodes: interactive ${(large.interactiveMs / small.interactiveMs).toFixed(1)}x, validation ${(large.validationMs / small.validationMs).toFixed(1)}x`,
  );
  console.log(
    `targets: interactive < 1500 ms: ${large.interactiveMs < 1500 ? "met" : "NOT met"}; validation < 16 ms: ${large.validationMs < 16 ? "met" : "NOT met"}`,
  );
  await mkdir(join(root, "bench-results"), { recursive: true });
  const file = join(
    root,
    "bench-results",
    `designer-${new Date().toISOString().slice(0, 19).replaceAll(":", "-")}.json`,
  );
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), runs: RUNS, rows }, null, 2));
  console.log(`written to ${file}`);
} finally {
  await browser.close();
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
