#!/usr/bin/env node
// Benchmark of validateFlow on generated flows (not part of `npm test`). Run: npm run bench -w schemas
//
// For each size it reports the median, p95 and best of RUNS validations with the expression cache warm (what
// the designer pays per edit and the runtime per publish of a known flow), one cold validation (every JSONata
// expression parsed afresh), and two baselines measured in the same run: a JSON round trip of the document
// (the cost of merely reading it) and schema-only ajv validation (the floor of checking it at all).
import { contractValidator } from "../dist/ajv/create-ajv.js";
import { clearExpressionCache } from "../dist/expression/check-expression.js";
import { validateFlow } from "../dist/index.js";
import { generateFlow } from "../dist/testing/index.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const SIZES = [1_000, 10_000];
const TARGET_MS_1000 = 5;

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), best: sorted[0] };
};

function time(fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

const schemaOnly = contractValidator("flow.schema.json");
const rows = [];
for (const size of SIZES) {
  const flow = generateFlow({ nodes: size, seed: 42 });
  const bytes = JSON.stringify(flow).length;
  process.stderr.write(`validating a ${size}-node flow (${(bytes / 1024).toFixed(0)} KiB), ${RUNS} runs...\n`);
  clearExpressionCache();
  const coldStart = performance.now();
  const first = validateFlow(flow);
  const cold = performance.now() - coldStart;
  if (!first.valid) throw new Error(`generated flow is invalid: ${JSON.stringify(first.errors.slice(0, 3))}`);
  time(() => validateFlow(flow), 5); // warm-up for the JIT
  const warm = time(() => validateFlow(flow), RUNS);
  const roundTrip = time(() => JSON.parse(JSON.stringify(flow)), RUNS);
  const schema = time(() => schemaOnly(flow), RUNS);
  rows.push({ size, bytes, cold, warm, roundTrip, schema });
}

const f = (ms) => ms.toFixed(2).padStart(8);
console.log(`\nvalidateFlow, median of ${RUNS} (ms); node ${process.version}, ${new Date().toISOString()}`);
console.log("   nodes |   median |      p95 |     best |     cold | nodes/ms | JSON round trip (x) | schema only (x)");
for (const r of rows) {
  const ratio = (base) => `${f(base.median)} (${(r.warm.median / base.median).toFixed(1)}x)`.padStart(19);
  console.log(
    `${String(r.size).padStart(8)} |${f(r.warm.median)} |${f(r.warm.p95)} |${f(r.warm.best)} |${f(r.cold)} |${String(Math.round(r.size / r.warm.median)).padStart(9)} | ${ratio(r.roundTrip)} | ${ratio(r.schema).padStart(15)}`,
  );
}
const small = rows.find((r) => r.size === 1_000);
console.log(
  `\ntarget: 1,000 nodes < ${TARGET_MS_1000} ms per validation (warm): ${small.warm.median < TARGET_MS_1000 ? "met" : "NOT met"} (${small.warm.median.toFixed(2)} ms)`,
);
