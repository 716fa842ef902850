// Drives instances of the transform flow through a running runtime over HTTP only (so it works on PGlite, whose
// database no other process can open): creates `count` instances at `clients` concurrent requests, waits
// until none is active, then reads every instance back through the list API for the completion latencies.
import { transformInput } from "./flows.mjs";
import { progressLine, quantile } from "./runtime-process.mjs";

/** Every instance of `flowId`, newest first, paged through `GET /flows` (200 a page) with the runtime's `client`. */
export async function listAll(client, flowId) {
  const items = [];
  let cursor = null;
  do {
    const page = await client.listFlows({ flowType: flowId, limit: 200, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Creates `count` instances of `flowId` (a transform flow: input from `transformInput(i)`) through the runtime's
 * API `client` and waits for all of them to end. `finished`,
 * when given (a database query, on PostgreSQL), tells how many have ended, for the progress line. Returns
 * { instances, clients, seconds, perSecond, createSeconds, p50Ms, p99Ms } where seconds runs from the first
 * create to the moment none is active, and the latencies are finishedAt - createdAt as the runtime stored them.
 * Throws if any instance ends other than completed, or on `timeoutMs`.
 */
export async function runInstances({ client, flowId, count, clients, label, finished, timeoutMs = 900_000 }) {
  const started = performance.now();
  let next = 0;
  let created = 0;
  const creators = Array.from({ length: clients }, async () => {
    while (next < count) {
      const i = next++;
      await client.createFlow({ flowType: flowId, input: transformInput(i) });
      created++;
    }
  });
  let failure;
  const creating = Promise.all(creators).catch((error) => {
    failure = error;
  });
  let createSeconds = Number.NaN;
  creating.then(() => {
    createSeconds = (performance.now() - started) / 1000;
  });
  let ended = "";
  const ticker = setInterval(async () => {
    const seconds = (performance.now() - started) / 1000;
    if (finished) ended = `, ${await finished().catch(() => "?")} finished`;
    progressLine(`${label}: ${created}/${count} created${ended}, ${seconds.toFixed(0)} s`);
  }, 1000);
  try {
    await creating;
    if (failure) throw failure;
    for (;;) {
      const page = await client.listFlows({ flowType: flowId, active: true, limit: 1 });
      if (page.items.length === 0) break;
      if (performance.now() - started > timeoutMs) throw new Error(`${label}: timed out with instances still active`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  const items = await listAll(client, flowId);
  const notCompleted = items.filter((item) => item.status !== "completed");
  if (items.length !== count || notCompleted.length > 0)
    throw new Error(`${label}: ${items.length} instances listed, ${notCompleted.length} not completed`);
  const latencies = items.map((item) => Date.parse(item.finishedAt) - Date.parse(item.createdAt)).sort((a, b) => a - b);
  return {
    instances: count,
    clients,
    seconds,
    perSecond: count / seconds,
    createSeconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}
