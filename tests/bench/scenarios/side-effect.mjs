// The side-effect flow: start -> transform -> `http` GET against a local server -> transform -> end, each
// instance created over HTTP and waited for (lib/mfo-wait.mjs), on a fresh runtime and PostgreSQL database per
// cell. The local server is a bare node:http child process on loopback (api-latency.mjs's); the runtime is
// allowed to call it the way the reliability tests allow theirs, MFO_HTTP_ALLOW_HOSTS=127.0.0.1 (the http
// handler's SSRF guard refuses loopback otherwise).
import { createTestDatabase } from "@mfo/runtime/testing";
import { dropDatabase } from "../lib/databases.mjs";
import { lineFlow, transformInput } from "../lib/flows.mjs";
import { drive } from "../lib/http-driver.mjs";
import { createAndWait } from "../lib/mfo-wait.mjs";
import { startRuntime } from "../lib/runtime-process.mjs";
import { startBareServer } from "./api-latency.mjs";

const FLOW_ID = "bench-side-effect";

/** transform -> http GET `url` -> transform. */
export const sideEffectFlow = (url) =>
  lineFlow(FLOW_ID, "Transform, call, transform", 3, (i) =>
    i === 2
      ? { handler: "http", params: { url, method: "GET" } }
      : { handler: "transform", params: { expression: `{ 'step': ${i}, 'sum': $sum(input.values) + ${i} }` } },
  );

/** The local server the flow calls: { url, stop() }, answering a small JSON body to every GET. */
export async function startEffectTarget() {
  const server = await startBareServer(JSON.stringify({ ok: true, note: "bench side effect" }));
  return { url: `${server.base}/effect`, stop: server.stop };
}

/**
 * One cell: a fresh database on `serverUrl`, a runtime of `bin` (default: BENCH_MFO_BIN or this checkout's)
 * that may call `targetUrl`'s host, `clients` closed-loop create-and-wait clients for `seconds`. Resolves to
 * drive()'s result.
 */
export async function sideEffectCell({ serverUrl, targetUrl, bin, clients, seconds, warmUpSeconds, label }) {
  const databaseUrl = await createTestDatabase(serverUrl);
  const runtime = await startRuntime({ databaseUrl, bin, env: { MFO_HTTP_ALLOW_HOSTS: "127.0.0.1" } });
  const mfo = createAndWait({ base: runtime.base, flowType: FLOW_ID, input: transformInput });
  try {
    await runtime.client.publish(sideEffectFlow(targetUrl));
    return await drive({
      clients,
      seconds,
      warmUpSeconds,
      label,
      work: mfo.work,
    });
  } finally {
    mfo.close();
    await runtime.stop();
    await dropDatabase(serverUrl, databaseUrl);
  }
}
