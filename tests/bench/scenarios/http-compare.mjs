// An HTTP-started flow answered with its result: Node-RED (persists nothing), `pgbench -N` (a commit each: the
// durable limit) and MFO on PostgreSQL (each instance committed before its answer), side by side on the same
// PostgreSQL server and machine. For each repeat and each client count the three cells run in turn (Node-RED,
// pgbench, MFO), so a machine that gets busier or quieter during the run affects all three alike; the figure
// of a cell is the median of its repeats. Node-RED and MFO are driven by the same closed-loop driver
// (lib/http-driver.mjs): Node-RED's unit is POST /five (http in -> 5 function nodes -> http response), MFO's a
// create of the 5-transform flow answered with its result (lib/mfo-wait.mjs). Then the side-effect flow
// (side-effect.mjs) at BENCH_SIDE_EFFECT_CLIENTS, against BENCH_BEFORE_BIN's build in turn when it is set.
//
// Env: BENCH_REPEATS (3), BENCH_CELL_SECONDS (10; 3 with BENCH_QUICK), BENCH_WARMUP_SECONDS (2; 1 with BENCH_QUICK),
// BENCH_SIDE_EFFECT_CLIENTS (8), BENCH_BEFORE_BIN (another checkout's runtime/bin/mfo.js: the side-effect
// flow's "today"), BENCH_WAIT_SECONDS (30, the Prefer: wait sent), and lib/node-red.mjs's.
import { createTestDatabase } from "@mfo/runtime/testing";
import { dropDatabase } from "../lib/databases.mjs";
import { publishTransformFlow, transformInput } from "../lib/flows.mjs";
import { connectionPerClient, drive } from "../lib/http-driver.mjs";
import { createAndWait, describeTally } from "../lib/mfo-wait.mjs";
import { NODE_RED_VERSION, startNodeRed } from "../lib/node-red.mjs";
import { say, startRuntime } from "../lib/runtime-process.mjs";
import { preparePgbench } from "../pg-baseline.mjs";
import { sideEffectCell, startEffectTarget } from "./side-effect.mjs";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SECONDS = Number(process.env.BENCH_CELL_SECONDS ?? (process.env.BENCH_QUICK === "1" ? 3 : 10));
const WARM_UP = Number(process.env.BENCH_WARMUP_SECONDS ?? (process.env.BENCH_QUICK === "1" ? 1 : 2));
const SIDE_EFFECT_CLIENTS = Number(process.env.BENCH_SIDE_EFFECT_CLIENTS ?? 8);
const BEFORE_BIN = process.env.BENCH_BEFORE_BIN || undefined;
const FLOW_ID = "five-transforms";

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of drive() results: rate, p50 and p99 each over the repeats, with the runs kept for the JSON. */
export const summarize = (runs) => ({
  perSecond: median(runs.map((r) => r.perSecond)),
  p50Ms: median(runs.map((r) => r.p50Ms)),
  p99Ms: median(runs.map((r) => r.p99Ms)),
  runs,
});

/** A Node-RED cell: POST /five until the time is up; every answer must be 200 with the flow's result. */
export function nodeRedCell(nodeRed, clients, label) {
  const connections = connectionPerClient(nodeRed.url);
  const path = new URL(nodeRed.url).pathname;
  const work = async (client, i) => {
    const answer = await connections.of(client).request("POST", path, { body: transformInput(i) });
    if (answer.status !== 200 || !answer.text.includes('"completed"'))
      throw new Error(`Node-RED answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  };
  return drive({ clients, seconds: SECONDS, warmUpSeconds: WARM_UP, work, label }).finally(() => connections.destroy());
}

/** An MFO cell: a fresh database and runtime, the 5-transform flow created and waited for until the time is up. */
async function mfoCell(serverUrl, clients, label) {
  const databaseUrl = await createTestDatabase(serverUrl);
  const runtime = await startRuntime({ databaseUrl });
  const mfo = createAndWait({ base: runtime.base, flowType: FLOW_ID, input: transformInput });
  try {
    await publishTransformFlow(runtime.client, FLOW_ID);
    return await drive({ clients, seconds: SECONDS, warmUpSeconds: WARM_UP, work: mfo.work, label });
  } finally {
    mfo.close();
    await runtime.stop();
    await dropDatabase(serverUrl, databaseUrl);
  }
}

/**
 * Runs the comparison on the PostgreSQL server at `serverUrl` for each of `clients`. Resolves to
 * { clients, nodeRed, pgbench, mfo, sideEffect, settings } where nodeRed/mfo map a client count to the
 * summarized runs, pgbench to { tps, runs }, and sideEffect is { clients, mfo, before? }.
 */
export async function run({ serverUrl, clients }) {
  say(
    `http comparison: Node-RED ${NODE_RED_VERSION}, pgbench -N, MFO; ${REPEATS} repeats of ${SECONDS} s cells ` +
      `(+${WARM_UP} s warm-up) at ${clients.join(", ")} clients; side effect at ${SIDE_EFFECT_CLIENTS}` +
      (BEFORE_BIN ? `, against ${BEFORE_BIN}` : ""),
  );
  const nodeRed = await startNodeRed();
  const pgbench = await preparePgbench(serverUrl);
  const target = await startEffectTarget();
  const cells = { nodeRed: new Map(), pgbench: new Map(), mfo: new Map() };
  const side = { mfo: [], before: [] };
  const add = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
  try {
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      for (const c of clients) {
        const tag = `[${repeat}/${REPEATS}] ${c} client${c > 1 ? "s" : ""}`;
        add(cells.nodeRed, c, await nodeRedCell(nodeRed, c, `${tag} Node-RED`));
        const tps = await pgbench.run(c, SECONDS);
        say(`  ${tag} pgbench -N: ${tps.toFixed(0)} TPS`);
        add(cells.pgbench, c, tps);
        const mfo = await mfoCell(serverUrl, c, `${tag} MFO`);
        say(`    answered by: ${describeTally(mfo.tally)}`);
        add(cells.mfo, c, mfo);
      }
      const sideCell = async (bin, name) => {
        const result = await sideEffectCell({
          serverUrl,
          targetUrl: target.url,
          bin,
          clients: SIDE_EFFECT_CLIENTS,
          seconds: SECONDS,
          warmUpSeconds: WARM_UP,
          label: `[${repeat}/${REPEATS}] side effect, ${name}`,
        });
        say(`    answered by: ${describeTally(result.tally)}`);
        return result;
      };
      // The two builds take turns going first, so neither always runs on the machine the other just warmed.
      const order = repeat % 2 === 1 ? ["mfo", "before"] : ["before", "mfo"];
      for (const build of order) {
        if (build === "mfo") side.mfo.push(await sideCell(undefined, "MFO"));
        else if (BEFORE_BIN) side.before.push(await sideCell(BEFORE_BIN, "before"));
      }
    }
  } finally {
    target.stop();
    await nodeRed.stop();
  }
  const byClients = (map, summary) => new Map([...map].map(([c, runs]) => [c, summary(runs)]));
  return {
    clients,
    nodeRed: byClients(cells.nodeRed, summarize),
    pgbench: byClients(cells.pgbench, (runs) => ({ tps: median(runs), runs })),
    mfo: byClients(cells.mfo, summarize),
    sideEffect: {
      clients: SIDE_EFFECT_CLIENTS,
      mfo: summarize(side.mfo),
      ...(BEFORE_BIN ? { before: summarize(side.before), beforeBin: BEFORE_BIN } : {}),
    },
    settings: { repeats: REPEATS, cellSeconds: SECONDS, warmUpSeconds: WARM_UP, nodeRedVersion: NODE_RED_VERSION },
  };
}
