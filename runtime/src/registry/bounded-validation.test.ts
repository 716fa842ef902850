/**
 * Bounded validation (issue 15): a definition over a size limit is refused before it is validated, naming the
 * limit; one within the limits is validated in the worker while the server keeps answering /healthz; and the
 * worker finds the same errors, in the same order, as validation on the main thread.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Catalogue, FlowDefinition } from "@mfo/schemas";
import { generateFlow } from "@mfo/schemas/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedRuntime, serveTestRuntime, testConfig } from "../testing/cli-harness.js";
import { DEFAULT_DEFINITION_LIMITS } from "./definition-limits.js";
import { WORKER_MIN_BYTES } from "./flow-registry.js";
import { runValidationJob, type ValidationJob } from "./validation-job.js";
import { createValidationWorker } from "./validation-worker.js";

let served: ServedRuntime;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-bounded-"));
  served = await serveTestRuntime(testConfig(dir));
});

afterAll(async () => {
  await served?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends a JSON body (text is sent as is: a big body is serialised before the /healthz clock starts). */
const send = (method: string, path: string, body: unknown) =>
  fetch(`${served.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${served.runtime.adminKey}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** A flow of `n` phases in a row: cheap to build and to send, and only its size matters here. */
function chain(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const nodes = [{ id: "start", type: "start" }];
  const edges = [];
  for (let i = 1; i <= n; i++) {
    nodes.push({ id: `p${i}`, type: "phase" });
    edges.push({ id: `e${i}`, source: i === 1 ? "start" : `p${i - 1}`, target: `p${i}` });
  }
  return { id: "too-big", name: "Too big", nodes, edges, ...extra };
}

describe("definition size limits", () => {
  const limits = DEFAULT_DEFINITION_LIMITS;
  const overNodes = chain(limits.maxNodes);
  const overEdges = { ...chain(10), edges: Array.from({ length: limits.maxEdges + 1 }, (_, i) => ({ id: `e${i}` })) };
  const overBytes = { ...chain(10), description: "x".repeat(limits.maxBytes) };

  it.each([
    ["validate", "POST", "/flow-types/validate"],
    ["publish", "POST", "/flow-types"],
    ["draft save", "PUT", "/flow-types/too-big/draft"],
  ])(
    "%s refuses too many nodes or edges with 422 and too many bytes with 413, naming the limit",
    async (_, method, path) => {
      for (const [body, status, code, limit, actual] of [
        [overNodes, 422, "too-many-nodes", limits.maxNodes, limits.maxNodes + 1],
        [overEdges, 422, "too-many-edges", limits.maxEdges, limits.maxEdges + 1],
        [overBytes, 413, "too-large", limits.maxBytes, undefined],
      ] as const) {
        const started = performance.now();
        const response = await send(method, path, body);
        const ms = performance.now() - started;
        expect(response.status).toBe(status);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        const problem = (await response.json()) as { type: string; detail: string; errors: { code: string }[] };
        expect(problem.type).toMatch(/definition-too-large$/);
        expect(problem.errors[0]?.code).toBe(code);
        expect(problem.detail).toContain(String(limit));
        expect(problem.detail).toMatch(/MFO_MAX_DEFINITION_(NODES|EDGES|BYTES)/);
        if (actual !== undefined) expect(problem.detail).toContain(String(actual));
        // Refused before validation: a 2,000-node validation takes hundreds of ms; a refusal, a round trip.
        expect(ms).toBeLessThan(2_000);
      }
      // Nothing was stored.
      expect((await fetch(`${served.url}/api/v1/flow-types/too-big`, { headers: auth() })).status).toBe(404);
    },
  );
});

const auth = () => ({ authorization: `Bearer ${served.runtime.adminKey}` });

/** Polls /healthz back to back until `work` settles; the longest time between two answers. */
async function longestHealthGap<T>(work: Promise<T>): Promise<{ value: T; gapMs: number; answers: number }> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  let last = performance.now();
  let gapMs = 0;
  let answers = 0;
  while (!done) {
    const response = await fetch(`${served.url}/healthz`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
    answers++;
  }
  return { value: await settled, gapMs, answers };
}

describe("a big definition within the limits", () => {
  // The biggest the default limits let through: 2,000 nodes (~2,700 edges, ~460 KB).
  const big = generateFlow({
    nodes: DEFAULT_DEFINITION_LIMITS.maxNodes,
    seed: 7,
    id: "big-flow",
    subflowTypes: ["assessment"],
  });

  it("is as big as the limits allow and goes to the worker", () => {
    const bytes = Buffer.byteLength(JSON.stringify(big));
    expect(bytes).toBeGreaterThan(WORKER_MIN_BYTES);
    expect(bytes).toBeLessThanOrEqual(DEFAULT_DEFINITION_LIMITS.maxBytes);
    expect(big.edges.length).toBeLessThanOrEqual(DEFAULT_DEFINITION_LIMITS.maxEdges);
  });

  it("is validated and published while /healthz keeps answering", async () => {
    // Twice: the first starts the worker, the second is what a running server sees.
    const text = JSON.stringify(big);
    for (let round = 0; round < 2; round++) {
      const validated = await longestHealthGap(send("POST", "/flow-types/validate", text));
      expect(validated.value.status).toBe(200);
      expect(await validated.value.json()).toEqual({ valid: true, errors: [] });
      console.log(
        `validate 2,000 nodes: longest /healthz gap ${validated.gapMs.toFixed(1)} ms (${validated.answers} answers)`,
      );
      expect(validated.gapMs).toBeLessThan(500);
    }
    const published = await longestHealthGap(send("POST", "/flow-types", text));
    expect(published.value.status).toBe(201);
    console.log(
      `publish 2,000 nodes: longest /healthz gap ${published.gapMs.toFixed(1)} ms (${published.answers} answers)`,
    );
    expect(published.gapMs).toBeLessThan(500);
    // Publishing the same definition again stores nothing new (the hash came from the worker).
    expect((await send("POST", "/flow-types", text)).status).toBe(200);
  });
});

describe("the worker's results", () => {
  /** Definitions with many kinds of errors, small and big. */
  function broken(nodes: number, seed: number): FlowDefinition {
    const flow = structuredClone(
      generateFlow({ nodes, seed, id: `broken-${seed}`, subflowTypes: ["assessment"] }),
    ) as FlowDefinition;
    const list = flow.nodes as unknown as Record<string, unknown>[];
    for (let i = 3; i < list.length; i += 7) (list[i] as Record<string, unknown>).handler = "no-such-handler";
    for (let i = 5; i < list.length; i += 11) (list[i] as Record<string, unknown>).extra = true;
    const edges = flow.edges as unknown as Record<string, unknown>[];
    for (let i = 2; i < edges.length; i += 13) (edges[i] as Record<string, unknown>).target = "nowhere";
    return flow;
  }

  it("are the main thread's: same errors, same order", async () => {
    const catalogue = (await (await fetch(`${served.url}/api/v1/catalogue`, { headers: auth() })).json()) as Catalogue;
    const worker = createValidationWorker(catalogue);
    try {
      for (const definition of [
        broken(40, 1),
        broken(300, 2),
        broken(1_500, 3),
        generateFlow({ nodes: 500, seed: 4, subflowTypes: ["assessment"] }),
      ]) {
        const job: ValidationJob = {
          definition,
          flowTypeIds: ["assessment"],
          subflows: { nextVersion: 1, targets: [["assessment@", []]] },
          compile: true,
        };
        const inline = runValidationJob(catalogue, job);
        expect(inline.result.valid).toBe(definition.id.startsWith("generated"));
        expect(await worker.run(job)).toEqual(inline);
      }
    } finally {
      await worker.close();
    }
  });
});
