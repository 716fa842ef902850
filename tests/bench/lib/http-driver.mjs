// The one load driver of the HTTP comparison (Node-RED, MFO before and after): N closed-loop clients in this
// process, each sending its next request when its last answer is in, over its own keep-alive connection, for a
// fixed time. Every system gets the same driver, connections and process, so the figures differ only by the
// server. Requests go over lib/raw-http.mjs (as cheap for the generator as autocannon); event streams, which
// only a build without the wait needs, over node:http. Latency is taken per unit of work (a request, or for MFO a
// create followed by the event stream when the server does not wait) with performance.now(): sub-ms precision.
import http from "node:http";
import { RawConnection } from "./raw-http.mjs";
import { progressLine, quantile } from "./runtime-process.mjs";

/**
 * One keep-alive connection per client to `origin`: `connections.of(client)` is that client's RawConnection,
 * `connections.destroy()` closes them all.
 */
export function connectionPerClient(origin) {
  const connections = [];
  return {
    of: (client) => {
      connections[client] ??= new RawConnection(origin);
      return connections[client];
    },
    destroy: () => {
      for (const connection of connections) connection?.close();
    },
  };
}

/**
 * One node:http keep-alive agent per client, for event streams: `agents.of(client)`, `agents.destroy()`. One
 * socket each (a stream waits for the last one's connection rather than opening another): an agent with more
 * would open a new connection whenever the next stream starts before the last one's socket is back in its pool,
 * which in a closed loop is every time.
 */
export function agentPerClient() {
  const agents = [];
  return {
    of: (client) => {
      agents[client] ??= new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
      return agents[client];
    },
    destroy: () => {
      for (const agent of agents) agent?.destroy();
    },
  };
}

/**
 * Reads the Server-Sent Events at `url` until a message whose event is `until` (resolves to its data) or the
 * stream closes without one (rejects). Only `event:` and `data:` lines matter here; comments are skipped.
 */
export function readEventStream(agent, url, { headers = {}, until = "end", timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers: { accept: "text/event-stream", ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${url}: ${res.statusCode}`));
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      let found;
      res.on("data", (chunk) => {
        if (found !== undefined) return;
        buffer += chunk;
        for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
          const lines = buffer.slice(0, cut).split("\n");
          buffer = buffer.slice(cut + 2);
          const event = lines
            .find((line) => line.startsWith("event:"))
            ?.slice(6)
            .trim();
          if (event !== until) continue;
          found = lines
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          break;
        }
      });
      // The server closes the stream after its last message: the connection goes back to the agent then.
      res.on("end", () => (found === undefined ? reject(new Error(`${url}: no "${until}" event`)) : resolve(found)));
      res.on("error", reject);
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`${url}: no "${until}" event within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Runs `work(client, i)` in `clients` closed loops: first for `warmUpSeconds` (not counted: JIT, pools, caches),
 * then for `seconds`. A loop starts no new unit after the deadline; units under way finish and count. Any throw
 * stops every loop and rejects. Resolves to { clients, units, seconds, perSecond, p50Ms, p99Ms, meanMs, tally }
 * where seconds runs to the last answer and `tally` counts the strings `work` resolved to (e.g. how MFO answered).
 */
export async function drive({ clients, seconds, warmUpSeconds = 1, work, label }) {
  if (warmUpSeconds > 0) await loops({ clients, seconds: warmUpSeconds, work, label: `${label} (warm-up)` });
  return loops({ clients, seconds, work, label });
}

async function loops({ clients, seconds, work, label }) {
  const latencies = [];
  const tally = {};
  let failure;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let lastAnswer = started;
  const ticker = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    progressLine(`${label}: ${latencies.length} in ${s.toFixed(0)} s, ~${(latencies.length / s).toFixed(0)}/s`);
  }, 1000);
  const loop = async (client) => {
    while (failure === undefined && performance.now() < deadline) {
      const at = performance.now();
      const outcome = await work(client, next++);
      lastAnswer = performance.now();
      latencies.push(lastAnswer - at);
      if (typeof outcome === "string") tally[outcome] = (tally[outcome] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(
      Array.from({ length: clients }, (_, c) =>
        loop(c).catch((error) => {
          failure ??= error;
        }),
      ),
    );
  } finally {
    clearInterval(ticker);
    process.stderr.write("\n");
  }
  if (failure !== undefined) throw new Error(`${label}: ${failure?.message ?? failure}`, { cause: failure });
  if (latencies.length === 0) throw new Error(`${label}: nothing answered within ${seconds} s`);
  const elapsed = (lastAnswer - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients,
    units: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    tally,
  };
}
