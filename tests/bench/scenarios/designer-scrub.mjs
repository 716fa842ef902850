// Designer: scrubbing a 10,000-event run. A real runtime runs a loop (a transform phase and a decision that goes
// back to it) until its history holds about BENCH_SCRUB_EVENTS (10,000) events; headless Chromium opens its run
// view at the middle event (?at=<seq>), focuses the timeline slider and steps BENCH_SCRUB_STEPS (200) events with
// the Right arrow, each followed by the next frame. The figure is the median main-thread time per step (Chromium's
// TaskDuration over the key press and its frame: the rebuild of the state, React, style, layout, paint), which is
// what a 16 ms frame budget is about; the wall time per step (incl. the frame wait) is in the note.
import { chromium } from "playwright-core";
import launch from "../../../scripts/chromium.json" with { type: "json" };
import { ADMIN_KEY, say, startRuntime } from "../lib/runtime-process.mjs";

const EVENTS = Number(process.env.BENCH_SCRUB_EVENTS ?? 10_000);
const STEPS = Number(process.env.BENCH_SCRUB_STEPS ?? 200);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Five events a turn (work entered, started, completed; again entered, completed), five more around them. */
function scrubLoop(turns) {
  return {
    id: "bench-scrub",
    name: "Scrub loop",
    nodes: [
      { id: "start", type: "start" },
      {
        id: "work",
        type: "phase",
        handler: "transform",
        params: { expression: "{ 'turn': $exists(phases.work.output.turn) ? phases.work.output.turn + 1 : 1 }" },
      },
      { id: "again", type: "decision" },
      { id: "done", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "work" },
      { id: "e2", source: "work", target: "again" },
      { id: "loop", source: "again", target: "work", condition: `phases.work.output.turn < ${turns}` },
      { id: "exit", source: "again", target: "done", default: true },
    ],
  };
}

/** Resolves once the page has drawn the next frame and run what was queued behind it. */
const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

export async function run() {
  const runtime = await startRuntime();
  const browser = await chromium.launch({
    executablePath: process.env.MFO_CHROMIUM ?? launch.executablePath,
    args: launch.args,
  });
  try {
    const { client } = runtime;
    await client.publish(scrubLoop(Math.floor((EVENTS - 5) / 5)));
    const created = await client.createFlow({ flowType: "bench-scrub", input: {} });
    for (const deadline = Date.now() + 300_000; ; ) {
      const instance = await client.getFlow(created.id);
      if (instance.finishedAt) break;
      if (Date.now() > deadline) throw new Error("the scrub loop did not end within 5 minutes");
      await new Promise((r) => setTimeout(r, 200));
    }
    const events = (await client.events(created.id)).items;
    say(`  designer scrub: a run of ${events.length} events`);
    const middle = events[Math.floor(events.length / 2)].seq;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${runtime.base}/?key=${ADMIN_KEY}`);
    await page.getByRole("heading", { name: "Flow types" }).waitFor();
    const opened = Date.now();
    await page.goto(`${runtime.base}/instances/${created.id}?at=${middle}`);
    const slider = page.getByRole("slider", { name: "Event" });
    await slider.waitFor({ timeout: 60_000 });
    // The past is shown once the attempts are read and the timeline is built.
    await page.locator(".run-view[data-as-of]").waitFor({ timeout: 60_000 });
    const openMs = Date.now() - opened;
    await slider.focus();
    await page.waitForTimeout(300);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const taskSeconds = async () =>
      (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
    const taskMs = [];
    const wallMs = [];
    for (let i = 0; i < STEPS; i++) {
      const before = await taskSeconds();
      const t0 = performance.now();
      await page.keyboard.press("ArrowRight");
      await nextFrame(page);
      wallMs.push(performance.now() - t0);
      taskMs.push(((await taskSeconds()) - before) * 1000);
    }
    const reached = Number(new URL(page.url()).searchParams.get("at"));
    if (reached <= middle) throw new Error(`the keyboard did not move the scrubber (at=${reached})`);
    await cdp.detach();
    await page.close();
    const stepMs = median(taskMs);
    return [
      {
        scenario: `designer: scrub a ${events.length.toLocaleString("en")}-event run, main-thread ms per keyboard step`,
        clients: null,
        figure: stepMs,
        unit: "ms",
        baseline: null,
        baselineLabel: null,
        ratio: null,
        goal: "< 16 ms",
        met: stepMs < 16,
        note: `wall ${median(wallMs).toFixed(0)} ms per step incl. frame wait; run view open at the middle event ${openMs} ms`,
        details: { events: events.length, steps: STEPS, taskMs, wallMs, openMs, from: middle, to: reached },
      },
    ];
  } finally {
    await browser.close();
    await runtime.stop();
  }
}
