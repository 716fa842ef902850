// Time travel: the state of a run at event N rebuilt from its stored history (@mfo/client Timeline) for a
// synthetic 10,000-event run (lib/long-run.mjs): building the timeline once (checkpoints every 256 events), the
// median state at a random event N (what a jump of the scrubber costs), and one step forward (what playing or a
// Right arrow costs). The baseline is the same rebuild without checkpoints (a replay from the first event each
// time). Pure computation in this process: no database, no browser.
// Env: BENCH_TIMETRAVEL_EVENTS (10000), BENCH_TIMETRAVEL_SAMPLES (500).
import { Timeline } from "@mfo/client";
import { longRun } from "../lib/long-run.mjs";
import { say } from "../lib/runtime-process.mjs";

const EVENTS = Number(process.env.BENCH_TIMETRAVEL_EVENTS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_TIMETRAVEL_SAMPLES ?? 500);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)];

function timed(work) {
  const t = performance.now();
  const value = work();
  return { ms: performance.now() - t, value };
}

/**
 * Times stateAt at random events (a fixed sequence, so runs compare), each far from the last one asked; `fromStart`
 * puts the timeline back before the first event each time (the baseline: a replay of the whole history up to N).
 */
function randomStates(timeline, count, length, fromStart = false) {
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % length;
  };
  const times = [];
  for (let i = 0; i < count; i++) {
    const index = next();
    if (fromStart) timeline.stateAtIndex(-1);
    times.push(timed(() => timeline.stateAtIndex(index)).ms);
  }
  return times;
}

export async function run() {
  const { definition, events, attempts } = longRun(EVENTS);
  say(`  a ${events.length}-event run, ${attempts.length} attempt rows`);
  const builds = [];
  let timeline;
  // The first builds run cold (the JIT has not compiled the replay yet): the figure is the median of 9.
  for (let i = 0; i < 9; i++) {
    const built = timed(() => new Timeline(definition, events, attempts));
    builds.push(built.ms);
    timeline = built.value;
  }
  // Warm up, then measure.
  randomStates(timeline, 50, events.length);
  const jumps = randomStates(timeline, SAMPLES, events.length);
  const steps = [];
  for (let i = 0; i < SAMPLES; i++) {
    const index = Math.floor(events.length / 3) + i;
    timeline.stateAtIndex(index);
    steps.push(timed(() => timeline.stateAtIndex(index + 1)).ms);
  }
  const noCheckpoints = new Timeline(definition, events, attempts, { every: Number.MAX_SAFE_INTEGER });
  const full = randomStates(noCheckpoints, Math.min(SAMPLES, 100), events.length, true);
  const details = {
    events: events.length,
    attempts: attempts.length,
    samples: SAMPLES,
    buildMs: builds,
    jumpP99Ms: p99(jumps),
    stepMedianMs: median(steps),
    fullReplayMedianMs: median(full),
  };
  say(
    `  build ${median(builds).toFixed(1)} ms; state at random N: median ${median(jumps).toFixed(3)} ms ` +
      `(p99 ${p99(jumps).toFixed(3)}), step ${median(steps).toFixed(3)} ms; without checkpoints ${median(full).toFixed(2)} ms`,
  );
  const base = { clients: null, unit: "ms", details };
  return [
    {
      ...base,
      scenario: `time travel: rebuild of the state at a random event N, ${events.length.toLocaleString("en")}-event run`,
      figure: median(jumps),
      baseline: median(full),
      baselineLabel: "replay from event 1",
      ratio: median(full) / median(jumps),
      goal: "< 16 ms",
      met: median(jumps) < 16,
      note: `one step forward ${median(steps).toFixed(3)} ms; p99 ${p99(jumps).toFixed(2)} ms`,
    },
    {
      ...base,
      scenario: `time travel: build the timeline once, ${events.length.toLocaleString("en")}-event run`,
      figure: median(builds),
      baseline: null,
      baselineLabel: null,
      ratio: null,
      goal: null,
      met: null,
    },
  ];
}
