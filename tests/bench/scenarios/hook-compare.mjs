// A webhook answered with its flow's result (`respond: "result"`), the figure users compare with Node-RED's
// http in -> 5 function nodes -> http response: POST /api/v1/hooks/<id> with the hook's token, the 5-transform
// flow run and its output answered, each instance committed to PostgreSQL before the answer. In the same run and
// on the same machine, for each repeat and client count: Node-RED's cell, then on one fresh runtime (database
// and process) the hook's cell and a create-and-wait of the same flow (POST /flows with Prefer: wait), in turns
// (the order alternates by repeat), so what the hook adds to a create-and-wait shows too. Figures are medians
// of the repeats. `BENCH_ONLY=hooks`.
//
// The hook's secret is written through the runtime's own vault in this process before the server starts (the
// same database and encryption key), so the scenario needs no secrets route.
//
// Env: as http-compare.mjs (BENCH_REPEATS, BENCH_CELL_SECONDS, BENCH_WARMUP_SECONDS).
import { createRuntime, readConfig } from "@mfo/runtime";
import { createTestDatabase } from "@mfo/runtime/testing";
import { dropDatabase } from "../lib/databases.mjs";
import { publishTransformFlow, transformInput } from "../lib/flows.mjs";
import { connectionPerClient, drive } from "../lib/http-driver.mjs";
import { createAndWait } from "../lib/mfo-wait.mjs";
import { NODE_RED_VERSION, startNodeRed } from "../lib/node-red.mjs";
import { ADMIN_KEY, ENCRYPTION_KEY, say, scratchDataDir, startRuntime } from "../lib/runtime-process.mjs";
import { nodeRedCell, summarize } from "./http-compare.mjs";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SECONDS = Number(process.env.BENCH_CELL_SECONDS ?? (process.env.BENCH_QUICK === "1" ? 3 : 10));
const WARM_UP = Number(process.env.BENCH_WARMUP_SECONDS ?? (process.env.BENCH_QUICK === "1" ? 1 : 2));
const FLOW_ID = "five-transforms";
const SECRET = { name: "bench-hook", value: "bench-hook-token-0123456789abcdef" };

/** Writes the hook's secret into the database at `databaseUrl` with the bench runtime's encryption key. */
async function seedSecret(databaseUrl) {
  const dataDir = await scratchDataDir();
  const config = readConfig({
    DATABASE_URL: databaseUrl,
    MFO_DATA_DIR: dataDir,
    MFO_ADMIN_KEY: ADMIN_KEY,
    MFO_ENCRYPTION_KEY: ENCRYPTION_KEY,
    LOG_LEVEL: "silent",
  });
  const runtime = await createRuntime(config);
  try {
    await runtime.secrets.write("default", SECRET.name, SECRET.value, null);
  } finally {
    await runtime.close();
  }
}

/** The hook's work unit: POST the input with the token; the answer must be 200 with the flow's last output. */
function hookCalls(base, url) {
  const connections = connectionPerClient(base);
  const work = async (client, i) => {
    const answer = await connections.of(client).request("POST", url, {
      headers: { "x-hook-token": SECRET.value },
      body: transformInput(i),
    });
    if (answer.status !== 200 || !answer.text.includes('"step":5'))
      throw new Error(`the webhook answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  };
  return { work, close: () => connections.destroy() };
}

/** On one fresh runtime: the hook's cell and the create-and-wait cell, in the given order. */
async function mfoCells(serverUrl, clients, tag, hookFirst) {
  const databaseUrl = await createTestDatabase(serverUrl);
  await seedSecret(databaseUrl);
  const runtime = await startRuntime({ databaseUrl });
  try {
    await publishTransformFlow(runtime.client, FLOW_ID);
    const hook = await runtime.client.createHook(FLOW_ID, {
      auth: { type: "token", secret: SECRET.name },
      respond: "result",
      timeoutMs: 30_000,
      rateLimitPerMinute: 100_000,
    });
    const calls = hookCalls(runtime.base, hook.url);
    const creates = createAndWait({ base: runtime.base, flowType: FLOW_ID, input: transformInput });
    const cells = {
      hook: () => drive({ clients, seconds: SECONDS, warmUpSeconds: WARM_UP, work: calls.work, label: `${tag} hook` }),
      wait: () =>
        drive({ clients, seconds: SECONDS, warmUpSeconds: WARM_UP, work: creates.work, label: `${tag} create+wait` }),
    };
    try {
      const first = hookFirst ? await cells.hook() : await cells.wait();
      const second = hookFirst ? await cells.wait() : await cells.hook();
      return hookFirst ? { hook: first, wait: second } : { hook: second, wait: first };
    } finally {
      calls.close();
      creates.close();
    }
  } finally {
    await runtime.stop();
    await dropDatabase(serverUrl, databaseUrl);
  }
}

/** Runs the comparison; resolves to rows of the bench's main table, one per client count. */
export async function run({ serverUrl, clients }) {
  say(
    `webhook comparison: Node-RED ${NODE_RED_VERSION}, MFO webhook (respond result), MFO create and wait; ` +
      `${REPEATS} repeats of ${SECONDS} s cells (+${WARM_UP} s warm-up) at ${clients.join(", ")} clients`,
  );
  const nodeRed = await startNodeRed();
  const cells = { nodeRed: new Map(), hook: new Map(), wait: new Map() };
  const add = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
  try {
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      for (const c of clients) {
        const tag = `[${repeat}/${REPEATS}] ${c} client${c > 1 ? "s" : ""}`;
        add(cells.nodeRed, c, await nodeRedCell(nodeRed, c, `${tag} Node-RED`));
        const mfo = await mfoCells(serverUrl, c, tag, repeat % 2 === 1);
        add(cells.hook, c, mfo.hook);
        add(cells.wait, c, mfo.wait);
      }
    }
  } finally {
    await nodeRed.stop();
  }
  const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  return clients.map((c) => {
    const nr = summarize(cells.nodeRed.get(c));
    const hook = summarize(cells.hook.get(c));
    const wait = summarize(cells.wait.get(c));
    return {
      scenario: "webhook respond result (5 transforms), PostgreSQL",
      clients: c,
      figure: hook.perSecond,
      unit: "req/s",
      baseline: nr.perSecond,
      baselineLabel: "Node-RED req/s",
      ratio: hook.perSecond / nr.perSecond,
      latency: `p50 ${ms(hook.p50Ms)} / p99 ${ms(hook.p99Ms)} (Node-RED ${ms(nr.p50Ms)} / ${ms(nr.p99Ms)})`,
      note: `create and wait of the same flow: ${wait.perSecond.toFixed(1)} inst/s`,
      details: { hook, wait, nodeRed: nr },
    };
  });
}
