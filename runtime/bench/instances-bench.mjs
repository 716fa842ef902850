#!/usr/bin/env node
// Quick throughput check (not part of `npm test`; the full benchmark suite is tests/bench, a later issue):
// N instances of a 5-phase `transform` flow, created through the HTTP API in-process and run to completion by
// one runtime, on the embedded PGlite and on a real PostgreSQL started on loopback. Prints instances/s and
// the p50/p99 time from create to completed. Run: npm run bench -w runtime  (INSTANCES=500 to change N)
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, readConfig } from "../dist/index.js";
import { createTestDatabase, startPostgres } from "../dist/testing/index.js";

const N = Number(process.env.INSTANCES ?? 300);
const KEY = "bench-key";
const flow = {
  id: "five-transforms",
  name: "Five transforms",
  nodes: [
    { id: "start", type: "start" },
    ...[1, 2, 3, 4, 5].map((i) => ({
      id: `t${i}`,
      type: "phase",
      handler: "transform",
      params: { expression: `{ 'step': ${i}, 'sum': $sum(input.values) + ${i} }` },
    })),
    { id: "done", type: "end" },
  ],
  edges: [0, 1, 2, 3, 4, 5].map((i) => ({
    id: `e${i}`,
    source: i === 0 ? "start" : `t${i}`,
    target: i === 5 ? "done" : `t${i + 1}`,
  })),
};

async function measure(label, databaseUrl) {
  const dataDir = await mkdtemp(join(tmpdir(), "mfo-bench-"));
  const runtime = await createRuntime({
    ...readConfig({ LOG_LEVEL: "silent" }),
    databaseUrl,
    dataDir,
    adminKey: KEY,
    pollMs: 5,
    rateLimit: 0,
    encryptionKey: randomBytes(32),
  });
  const call = (method, path, body) =>
    runtime.app.request(path, {
      method,
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: body && JSON.stringify(body),
    });
  await call("POST", "/api/v1/flow-types", flow);
  runtime.engine.start();
  const created = new Map();
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const response = await call("POST", "/api/v1/flows", { flowType: flow.id, input: { values: [i, 1, 2] } });
    created.set((await response.json()).id, performance.now());
  }
  const latencies = [];
  const pending = new Set(created.keys());
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const status = await (await call("GET", `/api/v1/flows/${id}/status`)).json();
      if (status.status === "completed") {
        latencies.push(Date.parse(status.updatedAt) - (performance.timeOrigin + created.get(id)));
        pending.delete(id);
      } else if (status.status !== "running") throw new Error(`${id} ended ${status.status}`);
    }
    process.stderr.write(`\r${label}: ${N - pending.size}/${N} completed`);
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  process.stderr.write("\n");
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  return {
    label,
    instances: N,
    seconds: seconds.toFixed(2),
    perSecond: (N / seconds).toFixed(1),
    p50ms: at(0.5),
    p99ms: at(0.99),
  };
}

const results = [await measure("PGlite", undefined)];
const server = await startPostgres();
try {
  results.push(await measure("PostgreSQL", await createTestDatabase(server.url)));
} finally {
  await server.stop();
}
console.table(results);
