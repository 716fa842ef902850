import type { FlowDefinition, FlowEvent } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { takenEdges } from "./taken-edges.js";

// start -> risk -> gate; gate -e-high-> sign-off -> done; gate -e-low-> done
const definition = {
  edges: [
    { id: "e1", source: "start", target: "risk" },
    { id: "e2", source: "risk", target: "gate" },
    { id: "e-high", source: "gate", target: "sign-off" },
    { id: "e-low", source: "gate", target: "done" },
    { id: "e-approved", source: "sign-off", target: "done" },
    { id: "e-rejected", source: "sign-off", target: "rework" },
  ],
} as unknown as Pick<FlowDefinition, "edges">;

let seq = 0;
const ev = (type: string, nodeId?: string, data?: Record<string, unknown>): FlowEvent => ({
  seq: ++seq,
  type,
  at: "2026-11-20T09:30:00.000Z",
  ...(nodeId ? { nodeId } : {}),
  ...(data ? { data } : {}),
});

const toSignOff = () => [
  ev("instance.created"),
  ev("node.entered", "start"),
  ev("node.completed", "start"),
  ev("node.entered", "risk"),
  ev("node.started", "risk"),
  ev("node.completed", "risk"),
  ev("node.entered", "gate"),
  ev("node.completed", "gate", { edge: "e-high" }),
  ev("node.entered", "sign-off"),
];

describe("takenEdges", () => {
  it("takes plain edges whose source completed before the target was entered, and the edge a decision names", () => {
    expect([...takenEdges(definition, toSignOff())].sort()).toEqual(["e-high", "e1", "e2"]);
  });

  it("does not take a decision's other edges, nor edges into nodes not yet entered", () => {
    const taken = takenEdges(definition, toSignOff());
    expect(taken.has("e-low")).toBe(false);
    expect(taken.has("e-approved")).toBe(false);
  });

  it("follows an approval's edge to the end node named by instance.completed", () => {
    const events = [
      ...toSignOff(),
      ev("node.decided", "sign-off", { decision: "approve" }),
      ev("node.completed", "sign-off", { edge: "e-approved" }),
      ev("instance.completed", "done"),
    ];
    const taken = takenEdges(definition, events);
    expect(taken.has("e-approved")).toBe(true);
    expect(taken.has("e-rejected")).toBe(false);
    expect(taken.has("e-low")).toBe(false);
  });

  it("takes nothing before the run has moved (the time-travel view at its first event)", () => {
    expect(takenEdges(definition, toSignOff().slice(0, 2)).size).toBe(0);
    // After risk completed but before the gate is entered: risk -> gate is not yet taken.
    expect(takenEdges(definition, toSignOff().slice(0, 6)).has("e2")).toBe(false);
  });
});
