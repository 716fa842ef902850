import { validateFlow } from "@mfo/schemas";
import { compileFlow } from "./dist/compiler/compile-flow.js";
for (const n of [1000, 3502]) {
  const nodes = [{ id: "start", type: "start" }];
  const edges = [];
  let prev = "start";
  for (let i = 1; i <= n; i++) {
    const id = `phase-${i}`;
    nodes.push({ id, type: "phase", name: `Phase number ${i} of the big flow`, handler: "noop", params: {}, ui: { x: i * 10, y: 0 } });
    edges.push({ id: `e${i}`, source: prev, target: id });
    prev = id;
  }
  nodes.push({ id: "end", type: "end" });
  edges.push({ id: "e-end", source: prev, target: "end" });
  const f = { id: "chain", name: "Chain", nodes, edges };
  const bytes = Buffer.byteLength(JSON.stringify(f));
  let t = performance.now(); const r = validateFlow(f); const tv = performance.now() - t;
  t = performance.now(); try { compileFlow(f); } catch (e) { console.log(e.message) } const tc = performance.now() - t;
  console.log(n, bytes, r.valid, JSON.stringify(r.errors.slice(0,2)), "validate", tv.toFixed(0), "compile", tc.toFixed(0));
}
