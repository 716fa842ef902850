/**
 * Hostile JSONata against a real `mfo serve` on PostgreSQL (issue 15): expressions that sort, stringify or zip
 * 10^7 items, pad a string to 100 MB, backtrack catastrophically, or recurse without end, each placed as a
 * transform, as a decision's condition and as an "=" param. The step must fail with a limit's error code
 * (expression-timeout, expression-memory, output-too-large; JSONata's depth limit for deep recursion) while
 * /healthz answers within a second and RSS stays under the bounds. Each case has a time budget: a server that stalls past it is killed (and the next case gets a
 * fresh one on a fresh database, so the stuck instance is not picked up again), and the case fails; the suite
 * never waits for a stalled server.
 */
import { type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../support/runtime-process.js";
import { call, type HostileServer, startHostileServer, waitForEnd } from "./bed.js";
import { expectWatched, printRows, recordRow, withinBounds, withWatch } from "./harness.js";

/** The error codes of a step stopped by a limit (issue 15, "Isolated evaluation"). */
const LIMITS = ["expression-timeout", "expression-memory", "output-too-large"];
/** How long a case waits for its instance to end: many times an expression's limit, far below a stall's length. */
const CASE_BUDGET_MS = 15_000;

interface Hostile {
  name: string;
  source: string;
  /** The codes its step may fail with: which limit a big allocation meets first depends on the machine. */
  codes: string[];
  /** It may also finish within the limits on a fast, idle machine. */
  mayComplete?: boolean;
}

const HOSTILE: Hostile[] = [
  { name: "sort 10^7", source: "$sort([1..10000000])", codes: LIMITS },
  { name: "string 10^7", source: "$string([1..10000000])", codes: LIMITS },
  { name: "pad 10^8", source: '$pad("", 100000000)', codes: LIMITS },
  { name: "backtracking regex", source: '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)', codes: LIMITS },
  // Just under a second on an idle machine (then it simply completes), over it on a loaded one.
  { name: "sum 10^7", source: "$sum([1..1e7])", codes: LIMITS, mayComplete: true },
  { name: "zip 2 x 10^7", source: "$zip([1..10000000], [1..10000000])", codes: LIMITS },
  { name: "huge object", source: "$merge([1..1000000].{ $string($): $ })", codes: LIMITS },
  // JSONata's own depth limit stops it first (D1011), as the plain failure of a transform or a condition.
  {
    name: "deep recursion",
    source: "($f := function($n){$n = 0 ? 0 : 1 + $f($n-1)}; $f(100000))",
    codes: [...LIMITS, "D1011", "expression-failed"],
  },
  { name: "endless recursion", source: "($f := function($n){ $f($n + 1) }; $f(0))", codes: LIMITS },
];

const START = { id: "start", type: "start" };
const DONE = { id: "done", type: "end", outcome: "completed" };
const through = (id: string, node: Record<string, unknown>): FlowDefinition =>
  ({
    id,
    name: id,
    nodes: [START, { id: "hostile", retry: { maxAttempts: 1 }, ...node }, DONE],
    edges: [
      { id: "e1", source: "start", target: "hostile" },
      { id: "e2", source: "hostile", target: "done" },
    ],
  }) as FlowDefinition;

/** Where an expression runs: each builds a flow type that evaluates `source` at node "hostile". */
const SITES: Record<string, (id: string, source: string) => FlowDefinition> = {
  transform: (id, source) => through(id, { type: "phase", handler: "transform", params: { expression: source } }),
  condition: (id, source) =>
    ({
      id,
      name: id,
      nodes: [START, { id: "hostile", type: "decision" }, DONE, { id: "other", type: "end", outcome: "completed" }],
      edges: [
        { id: "e1", source: "start", target: "hostile" },
        { id: "e2", source: "hostile", target: "done", condition: source },
        { id: "e3", source: "hostile", target: "other", default: true },
      ],
    }) as FlowDefinition,
  param: (id, source) => through(id, { type: "phase", handler: "log", params: { message: `=${source}` } }),
};

describe("hostile expressions", () => {
  let postgres: PostgresServer;
  let bed: HostileServer | undefined;
  let started = 0;

  /** The server for the next case: the one running, or a fresh one when the last case had to kill it. */
  const serve = async (): Promise<HostileServer> => {
    if (bed && !bed.server.exited) return bed;
    bed = await startHostileServer(postgres.url, `expressions-${++started}`);
    return bed;
  };

  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    printRows("hostile expressions (max /healthz ms, peak RSS MB)");
    await stopAll();
    await postgres?.stop();
  });

  const cases = Object.keys(SITES).flatMap((site) => HOSTILE.map((hostile) => ({ site, ...hostile })));
  it.each(cases)("$site: $name fails its step with a limit's code, and the server keeps serving", async (c) => {
    const { server } = await serve();
    const flow = (SITES[c.site] as (typeof SITES)[string])(`x-${cases.indexOf(c)}`, c.source);
    expect((await call(server, "POST", "/flow-types", flow)).status).toBe(201);
    const caseStarted = Date.now();
    const watched = await withWatch(server, async () => {
      try {
        const created = await call(server, "POST", "/flows", { flowType: flow.id }, { timeoutMs: CASE_BUDGET_MS });
        const left = CASE_BUDGET_MS - (Date.now() - caseStarted);
        return created.status === 201 ? await waitForEnd(server, created.body.id, left) : undefined;
      } catch {
        return undefined; // POST /flows itself was not answered within the budget
      }
    });
    const ended = watched.value;
    const outcome = ended
      ? `${ended.status} ${ended.lastError?.code ?? ""}`
      : `not ended in ${CASE_BUDGET_MS / 1000} s (server killed)`;
    recordRow(`${c.site}: ${c.name}`, watched, outcome);
    // A stalled or bloated server would carry over into the next case: replace it.
    if (!ended || !withinBounds(watched)) await server.kill();
    expect(ended, `the instance ends within ${CASE_BUDGET_MS / 1000} s`).toBeDefined();
    if (!(c.mayComplete && ended?.status === "completed")) {
      expect(ended?.status).toBe("failed");
      expect(ended?.lastError?.nodeId).toBe("hostile");
      expect(c.codes).toContain(ended?.lastError?.code);
    }
    expectWatched(watched);
  });
});
