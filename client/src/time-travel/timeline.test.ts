import type { FlowDefinition, FlowEvent, NodeAttempt } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { Timeline } from "./timeline.js";

type N = [id: string, type: string, extra?: Record<string, unknown>];
type E = [source: string, target: string, extra?: Record<string, unknown>];

/** A definition from [id, type] nodes and [source, target] edges (edge ids: source-target). */
function flow(nodes: N[], edges: E[]): FlowDefinition {
  return {
    id: "t",
    name: "t",
    nodes: nodes.map(([id, type, extra]) => ({ id, type, ...(type === "phase" ? { handler: "h" } : {}), ...extra })),
    edges: edges.map(([source, target, extra]) => ({ id: `${source}-${target}`, source, target, ...extra })),
  } as unknown as FlowDefinition;
}

/** A history: each entry [type, nodeId?, data?]; seq from 1, a second apart. */
function history(...entries: [string, string?, Record<string, unknown>?][]): FlowEvent[] {
  return entries.map(([type, nodeId, data], i) => ({
    seq: i + 1,
    type,
    nodeId: nodeId ?? null,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i + 1)).toISOString(),
    ...(data ? { data } : {}),
  }));
}

const t = (seq: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();

/** An attempt row: the node's output recorded by the event `finishedSeq`. */
function row(nodeId: string, finishedSeq: number, output: unknown, status = "completed"): NodeAttempt {
  return {
    nodeId,
    run: 1,
    attempt: 1,
    status,
    startedSeq: null,
    finishedSeq,
    startedAt: t(finishedSeq),
    finishedAt: t(finishedSeq),
    durationMs: 0,
    output,
  } as NodeAttempt;
}

const linear = flow(
  [
    ["s", "start"],
    ["a", "phase"],
    ["e", "end"],
  ],
  [
    ["s", "a"],
    ["a", "e"],
  ],
);

describe("Timeline: a phase with retries", () => {
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ["node.entered", "a"],
    ["node.started", "a", { attempt: 1 }],
    ["node.retrying", "a", { attempt: 1, code: "x", message: "boom", delayMs: 10 }],
    ["node.started", "a", { attempt: 2 }],
    ["node.completed", "a"],
    ["node.entered", "e"],
    ["instance.completed", "e"],
  );
  const tl = new Timeline(linear, events, [row("s", 3, { app: "x" }), row("a", 8, { score: 7 })]);

  it("counts the attempts, waits between them as running, and takes the output from the row that finished it", () => {
    expect(tl.stateAt(5)).toMatchObject({ status: "running", currentNodes: ["a"], nodes: { a: { state: "running" } } });
    expect(tl.stateAt(6).context.phases.a).toEqual({
      status: "running",
      attempts: 1,
      startedAt: t(5),
      finishedAt: null,
      error: null,
    });
    const end = tl.stateAt(10);
    expect(end.context).toEqual({
      input: { app: "x" },
      phases: {
        a: { status: "completed", attempts: 2, startedAt: t(7), finishedAt: t(8), error: null, output: { score: 7 } },
      },
      vars: {},
    });
    expect(end).toMatchObject({ status: "completed", currentNodes: [], takenEdges: ["s-a", "a-e"] });
    expect(end.nodes).toEqual({
      s: { state: "completed" },
      a: { state: "completed", attempts: 2 },
      e: { state: "completed" },
    });
  });

  it("before the first event nothing has happened; a seq past the end is the last state", () => {
    expect(tl.stateAt(0)).toMatchObject({ seq: 0, index: -1, currentNodes: [], takenEdges: [] });
    expect(tl.stateAt(0).nodes.a).toEqual({ state: "pending" });
    expect(tl.stateAt(99).seq).toBe(10);
  });
});

describe("Timeline: a failure, then a resume", () => {
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ["node.entered", "a"],
    ["node.started", "a", { attempt: 1 }],
    ["node.failed", "a", { code: "bad", message: "no" }],
    ["instance.failed", undefined, { error: { nodeId: "a", code: "bad", message: "no" } }],
    ["instance.resumed"],
    ["node.started", "a", { attempt: 2 }],
    ["node.completed", "a"],
    ["node.entered", "e"],
    ["instance.completed", "e"],
  );
  const tl = new Timeline(linear, events, [row("s", 3, {}), row("a", 10, { ok: true })]);

  it("shows the failed node and the failed instance, then rewinds to it on resume", () => {
    const failed = tl.stateAt(7);
    expect(failed).toMatchObject({ status: "failed", finished: true, currentNodes: [] });
    expect(failed.nodes.a).toEqual({ state: "failed", attempts: 1, error: "no" });
    expect(failed.nodes.e?.state).toBe("skipped");
    expect(failed.context.phases.a).toMatchObject({ status: "failed", finishedAt: t(6), error: { code: "bad" } });
    const resumed = tl.stateAt(8);
    expect(resumed).toMatchObject({ status: "running", finished: false, currentNodes: ["a"], lastError: null });
    // The phase keeps its failure until the next attempt starts (as the engine's record does).
    expect(resumed.context.phases.a?.status).toBe("failed");
    expect(tl.stateAt(9).context.phases.a).toMatchObject({ status: "running", attempts: 2, finishedAt: null });
    expect(tl.stateAt(12).context.phases.a).toEqual({
      status: "completed",
      attempts: 2,
      startedAt: t(9),
      finishedAt: t(10),
      error: null,
      output: { ok: true },
    });
  });
});

describe("Timeline: a decision and an approval", () => {
  const def = flow(
    [
      ["s", "start"],
      ["d", "decision"],
      ["ok", "approval"],
      ["yes", "end"],
      ["no", "end", { outcome: "failed" }],
    ],
    [
      ["s", "d"],
      ["d", "ok", { condition: "true" }],
      ["d", "no", { default: true }],
      ["ok", "yes", { on: "approve" }],
      ["ok", "no", { on: "reject" }],
    ],
  );
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ["node.entered", "d"],
    ["node.completed", "d", { edge: "d-ok" }],
    ["node.entered", "ok"],
    ["node.waiting", "ok", { for: "approval" }],
    ["node.decided", "ok", { decision: "approve", comment: "fine", by: { keyId: "k" } }],
    ["node.completed", "ok", { edge: "ok-yes" }],
    ["node.entered", "yes"],
    ["instance.completed", "yes"],
  );
  const tl = new Timeline(def, events, [row("s", 3, { n: 1 })]);

  it("takes the edge the decision chose, waits for the person, keeps the decision as the approval's output", () => {
    expect(tl.stateAt(5).takenEdges).toEqual(["s-d", "d-ok"]);
    expect(tl.stateAt(7)).toMatchObject({
      status: "waiting",
      currentNodes: ["ok"],
      nodes: { ok: { state: "waiting" } },
    });
    expect(tl.stateAt(8).context.phases.ok).toEqual({
      status: "completed",
      attempts: 1,
      startedAt: t(8),
      finishedAt: t(8),
      error: null,
      output: { decision: "approve", comment: "fine" },
    });
    const end = tl.stateAt(11);
    expect(end.takenEdges).toEqual(["s-d", "d-ok", "ok-yes"]);
    expect(end.nodes).toMatchObject({
      d: { state: "completed" },
      yes: { state: "completed" },
      no: { state: "skipped" },
    });
  });
});

describe("Timeline: a wait, a subflow, a pause and a cancel", () => {
  const def = flow(
    [
      ["s", "start"],
      ["w", "wait", { delayMs: 1000 }],
      ["c", "subflow", { flowType: "child" }],
      ["e", "end"],
    ],
    [
      ["s", "w"],
      ["w", "c"],
      ["c", "e"],
    ],
  );
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ["node.entered", "w"],
    ["node.waiting", "w", { until: t(99) }],
    ["node.completed", "w"],
    ["node.entered", "c"],
    ["node.started", "c", { childId: "child-1", flowType: "child" }],
    ["instance.paused", undefined, { by: { keyId: "k" } }],
    ["instance.resumed"],
    ["node.completed", "c"],
    ["node.entered", "e"],
    ["instance.completed", "e"],
  );
  const child = { instanceId: "child-1", phases: { x: { v: 1 } } };
  const tl = new Timeline(def, events, [row("s", 3, {}), row("c", 11, child)]);

  it("records the wait as the engine does, then the child's outputs as the subflow's", () => {
    expect(tl.stateAt(5)).toMatchObject({ status: "running", nodes: { w: { state: "waiting", attempts: 1 } } });
    expect(tl.stateAt(5).context.phases.w).toEqual({
      status: "waiting",
      attempts: 1,
      startedAt: t(5),
      finishedAt: null,
      error: null,
    });
    expect(tl.stateAt(6).context.phases.w).toMatchObject({ status: "completed", finishedAt: t(6) });
    // Waiting on a child instance is not waiting on a person: the instance is running.
    expect(tl.stateAt(8)).toMatchObject({ status: "running", nodes: { c: { state: "running", attempts: 1 } } });
    expect(tl.stateAt(9)).toMatchObject({ status: "paused", currentNodes: ["c"], nodes: { c: { state: "paused" } } });
    expect(tl.stateAt(10).status).toBe("running");
    expect(tl.stateAt(13).context.phases.c).toMatchObject({ status: "completed", output: child, finishedAt: t(11) });
  });

  it("a cancel ends the instance where it was", () => {
    const cancelled = new Timeline(def, [...events.slice(0, 8), { seq: 9, type: "instance.cancelled", at: t(9) }], []);
    expect(cancelled.stateAt(9)).toMatchObject({ status: "cancelled", finished: true, currentNodes: [] });
    expect(cancelled.stateAt(9).nodes.e?.state).toBe("skipped");
  });
});

describe("Timeline: parallel branches", () => {
  const def = flow(
    [
      ["s", "start"],
      ["p", "parallel"],
      ["a", "phase"],
      ["b", "approval"],
      ["j", "join"],
      ["e", "end"],
    ],
    [
      ["s", "p"],
      ["p", "a"],
      ["p", "b"],
      ["a", "j"],
      ["b", "j", { on: "approve" }],
      ["j", "e"],
    ],
  );
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ["node.entered", "p"],
    ["node.entered", "a"],
    ["node.entered", "b"],
    ["node.completed", "p"],
    ["node.waiting", "b", { for: "approval" }],
    ["node.started", "a", { attempt: 1 }],
    ["node.completed", "a"],
    ["node.decided", "b", { decision: "approve" }],
    ["node.completed", "b", { edge: "b-j" }],
    ["node.entered", "j"],
    ["node.completed", "j"],
    ["node.entered", "e"],
    ["instance.completed", "e"],
  );
  const tl = new Timeline(def, events, [row("a", 10, { a: 1 })]);

  it("keeps the parallel node active while its branches run, and waits only once every branch waits on a person", () => {
    expect(tl.stateAt(9)).toMatchObject({ status: "running", currentNodes: ["p", "a", "b"] });
    expect(tl.stateAt(9).takenEdges).toEqual(["s-p", "p-a", "p-b"]);
    expect(tl.stateAt(10)).toMatchObject({ status: "waiting", currentNodes: ["p", "b"] });
    expect(tl.stateAt(13).currentNodes).toEqual(["j"]);
    expect(tl.stateAt(16).takenEdges).toEqual(["s-p", "p-a", "p-b", "a-j", "b-j", "j-e"]);
  });
});

describe("Timeline: an interrupted attempt and quarantine", () => {
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ["node.entered", "a"],
    ["node.started", "a", { attempt: 1 }],
    ["node.interrupted", "a", { attempt: 1, interrupted: 1 }],
    ["instance.quarantined", "a", { interruptedAttempts: 1, nodes: ["a"] }],
    ["instance.resumed"],
    ["node.started", "a", { attempt: 1 }],
  );
  const tl = new Timeline(linear, events, []);

  it("takes the interrupted attempt back, quarantines, and runs the same attempt again on resume", () => {
    expect(tl.stateAt(6).context.phases.a?.attempts).toBe(0);
    expect(tl.stateAt(7)).toMatchObject({
      status: "quarantined",
      currentNodes: ["a"],
      lastError: { code: "quarantined" },
    });
    expect(tl.stateAt(8)).toMatchObject({ status: "running", lastError: null });
    expect(tl.stateAt(9).context.phases.a).toMatchObject({ status: "running", attempts: 1, startedAt: t(9) });
  });
});

describe("Timeline: checkpoints", () => {
  const events = history(
    ["instance.created"],
    ["node.entered", "s"],
    ["node.completed", "s"],
    ...Array.from({ length: 40 }, (_, i): [string, string, Record<string, unknown>] =>
      i % 2 === 0 ? ["node.started", "a", { attempt: i / 2 + 1 }] : ["node.retrying", "a", { attempt: 1 }],
    ),
  );
  const every1000 = new Timeline(linear, events, []);
  const every3 = new Timeline(linear, events, [], { every: 3 });
  const all = events.map((e) => every1000.stateAt(e.seq));

  it("gives the same state at each event from any checkpoint, in any order of asking", () => {
    const order = [...events.keys()].sort((a, b) => ((a * 7919) % 43) - ((b * 7919) % 43));
    for (const i of order) expect(every3.stateAtIndex(i)).toEqual(all[i]);
    for (let i = events.length - 1; i >= 0; i--) expect(every3.stateAtIndex(i)).toEqual(all[i]);
  });

  it("a state handed out does not change when the timeline steps on", () => {
    const early = every3.stateAt(5);
    const copy = structuredClone(early);
    every3.stateAt(40);
    expect(early).toEqual(copy);
  });
});
