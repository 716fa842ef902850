import type { NodeAttempt } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { attemptName, attemptsAsOf, duration, nodeDetail } from "./node-attempts.js";

const attempt = (over: Partial<NodeAttempt>): NodeAttempt => ({
  nodeId: "n",
  run: 1,
  attempt: 1,
  status: "completed",
  finishedSeq: 5,
  startedAt: "2026-11-20T09:30:00.000Z",
  finishedAt: "2026-11-20T09:30:01.000Z",
  durationMs: 1000,
  ...over,
});

describe("node attempts", () => {
  it("hides attempts that finished after the event looked at", () => {
    const all = [attempt({ attempt: 1, finishedSeq: 5 }), attempt({ attempt: 2, finishedSeq: 9 })];
    expect(attemptsAsOf(all, 8).map((a) => a.attempt)).toEqual([1]);
    expect(attemptsAsOf(all, 9)).toHaveLength(2);
    expect(attemptsAsOf(all)).toHaveLength(2);
  });

  it("names an attempt with its run only when the node ran more than once", () => {
    expect(attemptName(attempt({ run: 2, attempt: 3, status: "failed" }), true)).toBe("run 2, attempt 3 · failed");
    expect(attemptName(attempt({}), false)).toBe("attempt 1 · completed");
  });

  it("reads a decision's edge and conditions, an approval's decider and a wait's times", () => {
    const decision = attempt({
      detail: { edge: "e5", conditions: [{ edge: "e5", when: "=phases.risk.output.level == 'high'", value: true }] },
    });
    expect(nodeDetail("decision", decision)).toEqual({
      kind: "decision",
      edge: "e5",
      conditions: [{ edge: "e5", when: "=phases.risk.output.level == 'high'", value: true }],
    });
    const approval = attempt({ detail: { decision: "approve", by: "Dana (ops)", comment: "ok" } });
    expect(nodeDetail("approval", approval)).toMatchObject({ decision: "approve", by: "Dana (ops)", comment: "ok" });
    expect(nodeDetail("wait", attempt({ detail: { dueAt: "x", firedAt: 3 } }))).toEqual({
      kind: "wait",
      dueAt: "x",
      firedAt: undefined,
    });
    expect(nodeDetail("phase", decision)).toBeUndefined();
  });

  it("writes durations as people read them", () => {
    expect(duration(850)).toBe("850 ms");
    expect(duration(2400)).toBe("2.4 s");
    expect(duration(185_000)).toBe("3 min 5 s");
  });
});
