/**
 * Hostile definitions against a real `mfo serve` on PostgreSQL (issue 15): catastrophic regular expressions in
 * the schemas a flow author writes, subflow recursion, and definitions as big as a request body may be. Each case
 * runs under the watch: /healthz answered within a second throughout, RSS under the bound, one printed row.
 */
import { type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition } from "@mfo/schemas";
import { callingFlow, emptyFlow } from "@mfo/schemas/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../support/runtime-process.js";
import { call, type HostileServer, query, startHostileServer, waitForEnd } from "./bed.js";
import { expectWatched, printRows, recordRow, withWatch } from "./harness.js";

const EVIL = "^(a+)+$";
/** 27 a's and a "!": a backtracking engine tries 2^27 ways to split the a's before it gives up. */
const VICTIM = `${"a".repeat(27)}!`;
const MAX_DEPTH = 5;
const END_WITHIN_MS = 20_000;

/** start -> one phase -> end; `phase` adds to the phase node. */
function onePhase(id: string, phase: Record<string, unknown>, extra: Partial<FlowDefinition> = {}): FlowDefinition {
  return {
    id,
    name: id,
    ...extra,
    nodes: [
      { id: "start", type: "start" },
      { id: "work", type: "phase", handler: "noop", retry: { maxAttempts: 1 }, ...phase },
      { id: "done", type: "end", outcome: "completed" },
    ],
    edges: [
      { id: "e1", source: "start", target: "work" },
      { id: "e2", source: "work", target: "done" },
    ],
  } as FlowDefinition;
}

const codeSchema = (pattern: string) => ({
  type: "object",
  properties: { code: { type: "string", pattern } },
});

/** A chain of `phases` noop phases whose labels pad each node to about `nodeBytes` bytes of JSON. */
function bigFlow(id: string, phases: number, nodeBytes: number): FlowDefinition {
  const pad = "x".repeat(Math.max(0, nodeBytes - 120));
  const ids = ["start", ...Array.from({ length: phases }, (_, i) => `p${i}`), "done"];
  return {
    id,
    name: id,
    nodes: ids.map((nodeId, i) =>
      i === 0
        ? { id: nodeId, type: "start" }
        : i === ids.length - 1
          ? { id: nodeId, type: "end", outcome: "completed" }
          : { id: nodeId, type: "phase", handler: "noop", label: `${nodeId} ${pad}` },
    ),
    edges: ids.slice(1).map((target, i) => ({ id: `e${i}`, source: ids[i] as string, target })),
  } as FlowDefinition;
}

const problem = (answer: { status: number; type: string; body: { status?: number; type?: string } }) =>
  `${answer.status} ${answer.type.split(";")[0]} ${answer.body?.type?.split("/").pop() ?? ""}`.trim();

describe("hostile definitions", () => {
  let postgres: PostgresServer;
  let bed: HostileServer;

  beforeAll(async () => {
    postgres = await startPostgres();
    bed = await startHostileServer(postgres.url, "definitions", { MFO_MAX_SUBFLOW_DEPTH: String(MAX_DEPTH) });
  });
  afterAll(async () => {
    printRows("hostile definitions (max /healthz ms, peak RSS MB)");
    await stopAll();
    await postgres?.stop();
  });

  it("an input schema with a catastrophic pattern: published (RE2 runs it), a bad input is refused fast", async () => {
    const flow = onePhase("evil-input", {}, { input: codeSchema(EVIL) });
    const watched = await withWatch(bed.server, async () => {
      const published = await call(bed.server, "POST", "/flow-types", flow);
      const created = await call(bed.server, "POST", "/flows", { flowType: flow.id, input: { code: VICTIM } });
      return { published, created };
    });
    const { published, created } = watched.value;
    recordRow(
      "pattern: input schema ^(a+)+$, POST /flows",
      watched,
      `publish ${published.status}, ${problem(created)}`,
    );
    expect(published.status).toBe(201);
    expect(created.status).toBe(422);
    expect(created.type).toContain("application/problem+json");
    expectWatched(watched);
  });

  it("a schema validator with a catastrophic pattern on an output fails the phase, not the server", async () => {
    const flow = onePhase("evil-output", {
      handler: "transform",
      params: { expression: `{ 'code': '${VICTIM}' }` },
      validators: [{ type: "schema", params: { schema: codeSchema(EVIL) } }],
    });
    const watched = await withWatch(bed.server, async () => {
      const published = await call(bed.server, "POST", "/flow-types", flow);
      const created = await call(bed.server, "POST", "/flows", { flowType: flow.id });
      return { published, ended: await waitForEnd(bed.server, created.body.id, END_WITHIN_MS) };
    });
    const { published, ended } = watched.value;
    recordRow("pattern: schema validator ^(a+)+$ on an output", watched, `${ended?.status} ${ended?.lastError?.code}`);
    expect(published.status).toBe(201);
    expect(ended).toMatchObject({ status: "failed", lastError: { nodeId: "work" } });
    expectWatched(watched);
  });

  it("a pattern RE2 cannot express is refused at publish, naming the node and the pointer", async () => {
    const backreference = onePhase("backref-input", {}, { input: codeSchema("^(a)\\1$") });
    const lookahead = onePhase("lookahead-output", {
      validators: [{ type: "schema", params: { schema: codeSchema("^(?=a)a+$") } }],
    });
    const watched = await withWatch(bed.server, async () => ({
      input: await call(bed.server, "POST", "/flow-types", backreference),
      output: await call(bed.server, "POST", "/flow-types", lookahead),
    }));
    const { input, output } = watched.value;
    recordRow("pattern: backreference / lookahead at publish", watched, `${problem(input)}, ${problem(output)}`);
    expect(input.status).toBe(422);
    expect(input.type).toContain("application/problem+json");
    expect(input.body.errors).toEqual([
      expect.objectContaining({ code: "unsupported-pattern", path: "/input/properties/code/pattern" }),
    ]);
    expect(output.status).toBe(422);
    expect(output.body.errors).toEqual([
      expect.objectContaining({
        code: "unsupported-pattern",
        nodeId: "work",
        path: "/nodes/1/validators/0/params/schema/properties/code/pattern",
      }),
    ]);
    expectWatched(watched);
  });

  it("a flow type that runs itself as a subflow is refused at publish", async () => {
    const watched = await withWatch(bed.server, () =>
      call(bed.server, "POST", "/flow-types", callingFlow("rec", [{ flowType: "rec" }])),
    );
    recordRow("recursion: publish rec -> rec", watched, problem(watched.value));
    expect(watched.value.status).toBe(422);
    expect(watched.value.body.errors).toEqual([expect.objectContaining({ code: "subflow-cycle", nodeId: "call-0" })]);
    expectWatched(watched);
  });

  it("a cycle publishing could not see ends at MFO_MAX_SUBFLOW_DEPTH, and cancel works on one that waits", async () => {
    // Published empty, then made recursive in the store: what a store from before the cycle check, or two racing
    // publishes, hold. `loop` recurses at once; `slow-loop` waits a while at each level, so it can be cancelled.
    const slow: FlowDefinition = {
      ...callingFlow("slow-loop", [{ flowType: "slow-loop" }]),
      nodes: [
        { id: "start", type: "start" },
        { id: "hold", type: "wait", delayMs: 60_000 },
        { id: "call-0", type: "subflow", flowType: "slow-loop" },
        { id: "done", type: "end", outcome: "completed" },
      ],
      edges: [
        { id: "e0", source: "start", target: "hold" },
        { id: "e1", source: "hold", target: "call-0" },
        { id: "e2", source: "call-0", target: "done" },
      ],
    } as FlowDefinition;
    for (const flow of [callingFlow("loop", [{ flowType: "loop" }]), slow]) {
      expect((await call(bed.server, "POST", "/flow-types", emptyFlow(flow.id))).status).toBe(201);
      await query(bed.databaseUrl, "update flow_versions set definition = $1 where flow_type_id = $2 and version = 1", [
        JSON.stringify({ ...flow, version: 1 }),
        flow.id,
      ]);
    }
    const watched = await withWatch(bed.server, async () => {
      const root = await call(bed.server, "POST", "/flows", { flowType: "loop" });
      const ended = await waitForEnd(bed.server, root.body.id, END_WITHIN_MS);
      const loops = await call(bed.server, "GET", "/flows?flowType=loop&limit=100");
      const waiting = await call(bed.server, "POST", "/flows", { flowType: "slow-loop" });
      const cancelled = await call(bed.server, "POST", `/flows/${waiting.body.id}/cancel`);
      return { ended, loops: loops.body.items as Array<{ id: string }>, cancelled };
    });
    const { ended, loops, cancelled } = watched.value;
    const reasons = await Promise.all(
      loops.map(async (i) => (await waitForEnd(bed.server, i.id, END_WITHIN_MS))?.lastError?.code),
    );
    recordRow(
      `recursion: cycle in the store, depth ${MAX_DEPTH}`,
      watched,
      `root ${ended?.status}, ${loops.length} instances, deepest ${reasons.find((r) => r !== "subflow-failed")}, cancel ${cancelled.status} ${cancelled.body?.status}`,
    );
    expect(ended?.status).toBe("failed");
    expect(loops).toHaveLength(MAX_DEPTH + 1);
    expect(reasons.filter((r) => r === "subflow-depth-exceeded")).toHaveLength(1);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expectWatched(watched);
  });

  it("a 1 MB definition is refused by validate and publish with 413 problem+json", async () => {
    const huge = bigFlow("huge", 1_900, 540);
    const bytes = JSON.stringify(huge).length;
    const tooMany = bigFlow("too-many", 3_500, 150);
    const watched = await withWatch(bed.server, async () => ({
      validated: await call(bed.server, "POST", "/flow-types/validate", huge),
      published: await call(bed.server, "POST", "/flow-types", huge),
      nodes: await call(bed.server, "POST", "/flow-types/validate", tooMany),
    }));
    const { validated, published, nodes } = watched.value;
    recordRow(
      `big: ${Math.round(bytes / 1024)} KB definition; 3,500 nodes`,
      watched,
      `validate ${problem(validated)}, publish ${problem(published)}; ${problem(nodes)}`,
    );
    expect(bytes).toBeGreaterThan(1_000_000);
    for (const answer of [validated, published]) {
      expect(answer.status).toBe(413);
      expect(answer.type).toContain("application/problem+json");
    }
    expect(nodes.status).toBe(422);
    expect(nodes.body.errors).toEqual([expect.objectContaining({ code: "too-many-nodes" })]);
    expectWatched(watched);
  });

  it("a big definition under the limits validates and publishes while /healthz keeps answering", async () => {
    const big = bigFlow("big", 1_990, 250);
    const bytes = JSON.stringify(big).length;
    const watched = await withWatch(bed.server, async () => ({
      validated: await call(bed.server, "POST", "/flow-types/validate", big),
      published: await call(bed.server, "POST", "/flow-types", big),
    }));
    const { validated, published } = watched.value;
    recordRow(
      `big: ${Math.round(bytes / 1024)} KB, ${big.nodes.length} nodes (allowed)`,
      watched,
      `validate ${validated.status} in ${Math.round(validated.ms)} ms, publish ${published.status} in ${Math.round(published.ms)} ms`,
    );
    expect(bytes).toBeGreaterThan(450 * 1024);
    expect(bytes).toBeLessThan(512 * 1024);
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(true);
    expect(published.status).toBe(201);
    expectWatched(watched);
  });
});
