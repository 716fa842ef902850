// Instances/s: a 5-phase `transform` flow, each instance created over HTTP and run to completion by one runtime
// process, on PostgreSQL and on the embedded PGlite; end-to-end instances/s and the p50/p99 time from create to
// finished (as the runtime stored them). `clients` concurrent create requests.
//
// Env: BENCH_INSTANCES (1000 per run).
import { createTestDatabase } from "@mfo/runtime/testing";
import { publishTransformFlow } from "../lib/flows.mjs";
import { runInstances } from "../lib/load.mjs";
import { startRuntime } from "../lib/runtime-process.mjs";

const COUNT = Number(process.env.BENCH_INSTANCES ?? 1000);

const FLOW_ID = "five-transforms";

/** One run: a fresh runtime on a fresh database (PostgreSQL at serverUrl, or PGlite when serverUrl is null). */
export async function runTransforms(serverUrl, { clients, count = COUNT }) {
  const databaseUrl = serverUrl ? await createTestDatabase(serverUrl) : undefined;
  const runtime = await startRuntime({ databaseUrl });
  try {
    await publishTransformFlow(runtime.client, FLOW_ID);
    return await runInstances({
      client: runtime.client,
      flowId: FLOW_ID,
      count,
      clients,
      label: `${serverUrl ? "PostgreSQL" : "PGlite"}, ${clients} clients`,
    });
  } finally {
    await runtime.stop();
  }
}
