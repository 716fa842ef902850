import type { FlowDefinition, FlowEvent } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { phaseOutputs, runResult } from "./run-result.js";

const definition = {
  id: "assessment",
  nodes: [
    { id: "start", type: "start" },
    { id: "risk", type: "phase", label: "Risk score", handler: "noop" },
    { id: "six-r", type: "phase", handler: "noop" },
    { id: "done", type: "end", label: "Assessed" },
    { id: "rejected", type: "end", label: "Rejected", outcome: "failed" },
  ],
  edges: [],
} as unknown as FlowDefinition;

const ev = (seq: number, type: string, nodeId?: string): FlowEvent => ({
  seq,
  type,
  at: `2026-11-20T09:30:0${seq}.000Z`,
  ...(nodeId ? { nodeId } : {}),
});

describe("runResult", () => {
  it("names the end node reached and its outcome", () => {
    const r = runResult("completed", definition, [ev(1, "instance.created"), ev(2, "instance.completed", "done")]);
    expect(r).toMatchObject({ ended: true, endLabel: "Assessed", outcome: "completed", finishedAt: ev(2, "x").at });
    const failed = runResult("failed", definition, [ev(1, "instance.failed", "rejected")], { message: "rejected" });
    expect(failed).toMatchObject({ endLabel: "Rejected", outcome: "failed", error: { message: "rejected" } });
  });

  it("says a running instance has not ended", () => {
    const r = runResult("running", definition, [ev(1, "instance.created"), ev(2, "node.entered", "risk")]);
    expect(r.ended).toBe(false);
    expect(r.endLabel).toBeUndefined();
  });

  it("lists phase outputs in the definition's order under their labels", () => {
    const context = {
      input: {},
      vars: {},
      phases: {
        "six-r": { status: "completed", attempts: 1, output: { strategy: "rehost" } },
        risk: { status: "completed", attempts: 1, output: { score: 72 } },
      },
    } as const;
    expect(phaseOutputs(definition, context).map((p) => p.label)).toEqual(["Risk score", "six-r"]);
  });
});
