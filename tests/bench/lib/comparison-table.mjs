// The HTTP comparison (scenarios/http-compare.mjs) as the issue lays it out: one row per workload, one column
// per client count, the ratios, and the goals marked met or NO; plus the goal rows for the bench's main table.
// Goals (issue 17): MFO >= 33% of Node-RED's req/s and >= 25% of pgbench -N TPS at 8 clients, MFO's p50 at
// 1 client within 3x Node-RED's, and the side-effect flow at >= 2x the instances/s of the build before.

const GOAL_CLIENTS = 8;
const NODE_RED_SHARE = 0.33;
const PGBENCH_SHARE = 0.25;
const P50_TIMES = 3;
const SIDE_EFFECT_TIMES = 2;

const rate = (value) => (value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(1));
const pct = (ratio) => `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)}%`;
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const yesNo = (met) => (met === null ? "" : met ? "yes" : "NO");

/** Goals of the comparison: { key: { text, met } }, met null when the run has not got the figures it needs. */
function goals(result) {
  const at = (map, c) => map.get(c);
  const nr8 = at(result.nodeRed, GOAL_CLIENTS);
  const mfo8 = at(result.mfo, GOAL_CLIENTS);
  const pg8 = at(result.pgbench, GOAL_CLIENTS);
  const nr1 = at(result.nodeRed, 1);
  const mfo1 = at(result.mfo, 1);
  const side = result.sideEffect;
  return {
    nodeRed: {
      text: `>= ${NODE_RED_SHARE * 100}% at ${GOAL_CLIENTS} clients`,
      met: nr8 && mfo8 ? mfo8.perSecond / nr8.perSecond >= NODE_RED_SHARE : null,
    },
    pgbench: {
      text: `>= ${PGBENCH_SHARE * 100}% at ${GOAL_CLIENTS} clients`,
      met: pg8 && mfo8 ? mfo8.perSecond / pg8.tps >= PGBENCH_SHARE : null,
    },
    p50: { text: `<= ${P50_TIMES}x at 1 client`, met: nr1 && mfo1 ? mfo1.p50Ms / nr1.p50Ms <= P50_TIMES : null },
    sideEffect: {
      text: side.before ? `>= ${SIDE_EFFECT_TIMES}x before` : `>= ${SIDE_EFFECT_TIMES}x today's (set BENCH_BEFORE_BIN)`,
      met: side.before ? side.mfo.perSecond / side.before.perSecond >= SIDE_EFFECT_TIMES : null,
    },
  };
}

/**
 * The issue-layout table: [{ workload, "<n> client(s)": text, ..., goal, met }] for console.table. `durability`
 * says how PostgreSQL commits (e.g. "fsync on, synchronous_commit on").
 */
export function comparisonTable(result, durability) {
  const { clients } = result;
  const column = (c) => `${c} client${c > 1 ? "s" : ""}`;
  const row = (workload, cell, goal) => ({
    workload,
    ...Object.fromEntries(clients.map((c) => [column(c), cell(c) ?? ""])),
    goal: goal?.text ?? "",
    met: goal ? yesNo(goal.met) : "",
  });
  const g = goals(result);
  const nr = (c) => result.nodeRed.get(c);
  const pg = (c) => result.pgbench.get(c);
  const mfo = (c) => result.mfo.get(c);
  const side = result.sideEffect;
  const sideCell = (c, value) => (c === side.clients ? value : undefined);
  const rows = [
    row(
      `Node-RED ${result.settings.nodeRedVersion}, http in -> 5 function nodes -> http response (persists nothing), req/s`,
      (c) => rate(nr(c).perSecond),
    ),
    row(`pgbench -N TPS (${durability}; each a commit: the durable limit)`, (c) => rate(pg(c).tps)),
    row("MFO on PostgreSQL, 5-transform flow, create and wait for the result over HTTP, instances/s", (c) =>
      rate(mfo(c).perSecond),
    ),
    row("MFO / Node-RED", (c) => pct(mfo(c).perSecond / nr(c).perSecond), g.nodeRed),
    row("MFO / pgbench", (c) => pct(mfo(c).perSecond / pg(c).tps), g.pgbench),
    row("p50 latency, Node-RED", (c) => ms(nr(c).p50Ms)),
    row("p50 latency, MFO (create to result)", (c) => ms(mfo(c).p50Ms)),
    row("p50 MFO / Node-RED", (c) => `${(mfo(c).p50Ms / nr(c).p50Ms).toFixed(1)}x`, g.p50),
    row("p99 latency, Node-RED / MFO", (c) => `${ms(nr(c).p99Ms)} / ${ms(mfo(c).p99Ms)}`),
    row(
      "MFO, transform -> http GET (local server) -> transform, create and wait, instances/s",
      (c) => sideCell(c, rate(side.mfo.perSecond)),
      side.before ? undefined : g.sideEffect,
    ),
  ];
  if (side.before) {
    rows.push(
      row("the same, build before (BENCH_BEFORE_BIN), instances/s", (c) => sideCell(c, rate(side.before.perSecond))),
      row(
        "side effect: MFO / before",
        (c) => sideCell(c, `${(side.mfo.perSecond / side.before.perSecond).toFixed(2)}x`),
        g.sideEffect,
      ),
    );
  }
  return rows;
}

/** The comparison's goals as rows of the bench's main table (run.mjs's shape). */
export function goalRows(result) {
  const g = goals(result);
  const rows = [];
  const nr8 = result.nodeRed.get(GOAL_CLIENTS);
  const mfo8 = result.mfo.get(GOAL_CLIENTS);
  const pg8 = result.pgbench.get(GOAL_CLIENTS);
  const scenario = "create and wait (5 transforms), PostgreSQL";
  if (nr8 && mfo8) {
    const base = { scenario, clients: GOAL_CLIENTS, figure: mfo8.perSecond, unit: "inst/s", details: mfo8 };
    rows.push({
      ...base,
      baseline: nr8.perSecond,
      baselineLabel: "Node-RED req/s",
      ratio: mfo8.perSecond / nr8.perSecond,
      goal: `>= ${NODE_RED_SHARE * 100}% of Node-RED`,
      met: g.nodeRed.met,
    });
    rows.push({
      ...base,
      baseline: pg8.tps,
      baselineLabel: "pgbench -N TPS",
      ratio: mfo8.perSecond / pg8.tps,
      goal: `>= ${PGBENCH_SHARE * 100}% of pgbench`,
      met: g.pgbench.met,
    });
  }
  const nr1 = result.nodeRed.get(1);
  const mfo1 = result.mfo.get(1);
  if (nr1 && mfo1)
    rows.push({
      scenario: `${scenario}, p50`,
      clients: 1,
      figure: mfo1.p50Ms,
      unit: "ms p50",
      baseline: nr1.p50Ms,
      baselineLabel: "Node-RED p50",
      ratio: nr1.p50Ms / mfo1.p50Ms,
      goal: `<= ${P50_TIMES}x Node-RED's p50`,
      met: g.p50.met,
    });
  const side = result.sideEffect;
  rows.push({
    scenario: "create and wait, transform -> http -> transform, PostgreSQL",
    clients: side.clients,
    figure: side.mfo.perSecond,
    unit: "inst/s",
    baseline: side.before?.perSecond ?? null,
    baselineLabel: "build before",
    ratio: side.before ? side.mfo.perSecond / side.before.perSecond : null,
    goal: g.sideEffect.text,
    met: g.sideEffect.met,
    details: side,
  });
  return rows;
}
