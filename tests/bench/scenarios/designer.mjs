// Designer: opens a generated 1,000-node flow in the designer in headless Chromium (Debian's /usr/bin/chromium)
// against a real runtime, beside a 12-node flow as the baseline measured in the same run, and measures:
// - time to interactive (every node drawn and a click selects a node in the inspector);
// - validation per edit (the designer's own performance.measure "mfo:validate");
// - a drag with the JSON view open: BENCH_DESIGNER_MOVES (20) real mouse moves of one node, each followed by the
//   next frame; the figure is the main-thread time per move (Chromium's TaskDuration metric over the move and its
//   frame: script, style, layout, paint), which is what a 16 ms frame budget is about;
// - auto layout: the toolbar's button, read from the designer's performance.measure "mfo:layout" when the build
//   has it, else timed from the click until the nodes have moved.
// Runs are interleaved (small, large, small, large, ...) so a slow spell of this shared machine hits both sizes;
// each figure is the median of BENCH_DESIGNER_RUNS (3). Then the run view's node panel on a 5 MB output
// (designer-node-panel.mjs).
import { generateFlow } from "@mfo/schemas/testing";
import { chromium } from "playwright-core";
import launch from "../../../scripts/chromium.json" with { type: "json" };
import { ADMIN_KEY, say, startRuntime } from "../lib/runtime-process.mjs";
import { measureNodePanel } from "./designer-node-panel.mjs";

const RUNS = Number(process.env.BENCH_DESIGNER_RUNS ?? 3);
const MOVES = Number(process.env.BENCH_DESIGNER_MOVES ?? 20);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Opens the editor on `flowId` and waits until all `nodes` are drawn; resolves the time that took. */
async function openEditor(page, base, flowId, nodes) {
  await page.goto(`${base}/?key=${ADMIN_KEY}`);
  await page.getByRole("heading", { name: "Flow types" }).waitFor();
  const started = Date.now();
  await page.goto(`${base}/flows/${flowId}/edit`);
  await page.locator(".react-flow__node").first().waitFor({ timeout: 60_000 });
  const firstRender = Date.now() - started;
  await page.waitForFunction((n) => document.querySelectorAll(".react-flow__node").length >= n, nodes, {
    timeout: 60_000,
  });
  return { started, firstRender };
}

/** The centre of a node that is on screen and clear of the panels (a wide flow does not fit at any zoom). */
async function nodeOnScreen(page) {
  const point = await page.evaluate(() => {
    for (const el of document.querySelectorAll(".react-flow__node")) {
      const r = el.getBoundingClientRect();
      if (r.x > 160 && r.right < 800 && r.y > 160 && r.bottom < 700 && r.width > 3)
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, id: el.getAttribute("data-id") };
    }
    return null;
  });
  if (!point) throw new Error("no node on screen");
  return point;
}

async function withPage(browser, work) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    return await work(page);
  } finally {
    await page.close();
  }
}

async function measureLoad(browser, base, flowId, nodes) {
  return withPage(browser, async (page) => {
    const { started, firstRender } = await openEditor(page, base, flowId, nodes);
    const point = await nodeOnScreen(page);
    await page.mouse.click(point.x, point.y);
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
  });
}

/** Resolves once the page has drawn the next frame and run what was queued behind it. */
const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

async function measureDrag(browser, base, flowId, nodes) {
  return withPage(browser, async (page) => {
    await openEditor(page, base, flowId, nodes);
    await page.getByRole("button", { name: "JSON", exact: true }).click();
    await page.locator(".json-view .cm-editor").waitFor();
    await page.waitForTimeout(500);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const taskSeconds = async () =>
      (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
    const start = await nodeOnScreen(page);
    const marks = () => page.evaluate(() => performance.getEntriesByType("mark").length);
    const marksBefore = await marks();
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await nextFrame(page);
    const taskMs = [];
    const wallMs = [];
    for (let i = 1; i <= MOVES; i++) {
      const before = await taskSeconds();
      const t0 = performance.now();
      await page.mouse.move(start.x + 5 * i, start.y + 3 * i);
      await nextFrame(page);
      wallMs.push(performance.now() - t0);
      taskMs.push(((await taskSeconds()) - before) * 1000);
    }
    await page.mouse.up();
    await page.waitForTimeout(500);
    const marksDuring = (await marks()) - marksBefore;
    await cdp.detach();
    return { perMoveMs: median(taskMs), wallPerMoveMs: median(wallMs), marksDuring };
  });
}

async function measureLayout(browser, base, flowId, nodes) {
  return withPage(browser, async (page) => {
    await openEditor(page, base, flowId, nodes);
    await page.waitForTimeout(300);
    // The nodes' drawn positions, in one string: auto layout is done when it changes.
    const placed = (was) => {
      const now = [...document.querySelectorAll(".react-flow__node")].map((el) => el.style.transform).join("|");
      return was === undefined ? now : now !== was;
    };
    const before = await page.evaluate(placed, undefined);
    const started = Date.now();
    // A layout on the main thread holds the click's own dispatch until it is done: wait as long as it takes.
    await page.getByRole("button", { name: "Auto layout" }).click({ timeout: 300_000 });
    await page.waitForFunction(placed, before, { polling: "raf", timeout: 300_000 });
    const clicked = Date.now() - started;
    const measured = await page.evaluate(() => performance.getEntriesByName("mfo:layout").map((e) => e.duration));
    return { layout: measured.at(-1) ?? clicked, layoutFrom: measured.length > 0 ? "mfo:layout" : "click" };
  });
}

export async function run() {
  const runtime = await startRuntime();
  const browser = await chromium.launch({
    executablePath: process.env.MFO_CHROMIUM ?? launch.executablePath,
    args: launch.args,
  });
  try {
    const sizes = [
      { id: "bench-small", nodes: 12, runs: [] },
      { id: "bench-1000", nodes: 1000, runs: [] },
    ];
    // The large flow's subflow nodes run the small flow (a flow that runs itself is refused as a cycle).
    for (const size of sizes)
      await runtime.client.publish(
        generateFlow({ nodes: size.nodes, seed: 7, id: size.id, subflowTypes: ["bench-small"] }),
      );
    for (let run = 0; run < RUNS; run++) {
      for (const size of sizes) {
        say(`  designer: ${size.nodes} nodes, run ${run + 1} of ${RUNS}`);
        const load = await measureLoad(browser, runtime.base, size.id, size.nodes);
        const drag = await measureDrag(browser, runtime.base, size.id, size.nodes);
        const layout = await measureLayout(browser, runtime.base, size.id, size.nodes);
        size.runs.push({ ...load, ...drag, ...layout });
      }
    }
    const [small, large] = sizes.map(({ nodes, runs }) => ({
      nodes,
      firstRenderMs: median(runs.map((r) => r.firstRender)),
      interactiveMs: median(runs.map((r) => r.interactive)),
      validationMs: median(runs.map((r) => r.validation)),
      dragMoveMs: median(runs.map((r) => r.perMoveMs)),
      dragWallMs: median(runs.map((r) => r.wallPerMoveMs)),
      layoutMs: median(runs.map((r) => r.layout)),
      runs,
    }));
    const row = (scenario, field, goalMs) => ({
      scenario,
      clients: null,
      figure: large[field],
      unit: "ms",
      baseline: small[field],
      baselineLabel: "12-node flow",
      ratio: small[field] / large[field],
      goal: goalMs === null ? null : `< ${goalMs} ms`,
      met: goalMs === null ? null : large[field] < goalMs,
      details: { runs: RUNS, moves: MOVES, small, large },
    });
    const panel = await measureNodePanel(browser, runtime);
    return [
      row("designer: time to interactive, 1,000 nodes", "interactiveMs", 1500),
      row("designer: validation per edit, 1,000 nodes", "validationMs", 16),
      {
        ...row("designer: drag with the JSON view open, main-thread ms per move, 1,000 nodes", "dragMoveMs", 16),
        note: `wall ${large.dragWallMs.toFixed(0)} ms per move incl. frame wait (12 nodes: ${small.dragWallMs.toFixed(0)})`,
      },
      row("designer: auto layout, 1,000 nodes", "layoutMs", null),
      panel,
    ];
  } finally {
    await browser.close();
    await runtime.stop();
  }
}
