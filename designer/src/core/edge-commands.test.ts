import type { FlowDefinition } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.js";
import { findEdge } from "./document.js";
import { connect, connectionRefusal, removeEdges, updateEdge } from "./edge-commands.js";
import { addNode } from "./node-commands.js";

const sample = (): FlowDefinition => deepFreeze(sampleFlow());

/** The sample flow with an extra node of each branching type and nothing leaving them. */
function withFreshNodes(): FlowDefinition {
  let doc = sample();
  for (const nodeType of ["decision", "approval", "phase"] as const) {
    doc = addNode(doc, { nodeType, position: { x: 0, y: 0 } }).doc;
  }
  return deepFreeze(doc);
}

describe("connect", () => {
  it("adds an edge with a fresh id and selects it", () => {
    const doc = withFreshNodes();
    const result = connect(doc, { source: "phase-1", target: "done" });
    expect(result.select).toEqual({ nodes: [], edges: ["e1"] });
    expect(findEdge(result.doc, "e1")).toEqual({ id: "e1", source: "phase-1", target: "done" });
  });

  it("makes a decision's first edge its default and gives later ones an empty condition to fill in", () => {
    let doc = withFreshNodes();
    doc = connect(doc, { source: "decision-1", target: "a" }).doc;
    doc = connect(doc, { source: "decision-1", target: "b" }).doc;
    expect(doc.edges.filter((e) => e.source === "decision-1")).toEqual([
      { id: "e1", source: "decision-1", target: "a", default: true },
      { id: "e2", source: "decision-1", target: "b", condition: "" },
    ]);
  });

  it("labels an approval's edges approve, then reject, and refuses a third", () => {
    let doc = withFreshNodes();
    doc = connect(doc, { source: "approval-1", target: "a" }).doc;
    doc = connect(doc, { source: "approval-1", target: "rejected" }).doc;
    expect(doc.edges.filter((e) => e.source === "approval-1").map((e) => e.on)).toEqual(["approve", "reject"]);
    const third = connect(doc, { source: "approval-1", target: "done" });
    expect(third.doc).toBe(doc);
    expect(third.reason).toBe('approval "approval-1" already has an approve and a reject edge');
  });

  it("labels the edges of a wait for an event with a timeout event, then timeout; a wait without one, nothing", () => {
    const event = {
      type: "wait" as const,
      event: { name: "payment.received", key: "=input.orderId", timeoutMs: 60_000 },
    };
    let doc: FlowDefinition = { ...sample(), nodes: [...sample().nodes, { id: "pay", ...event }] };
    doc = connect(doc, { source: "pay", target: "a" }).doc;
    doc = connect(doc, { source: "pay", target: "done" }).doc;
    expect(doc.edges.filter((e) => e.source === "pay").map((e) => e.on)).toEqual(["event", "timeout"]);
    const untimed = { id: "w", type: "wait" as const, event: { name: "x", key: "k" } };
    const plain = connect({ ...sample(), nodes: [...sample().nodes, untimed] }, { source: "w", target: "a" }).doc;
    expect(plain.edges.at(-1)?.on).toBeUndefined();
  });

  it("uses the branch fields the caller gives instead of its own", () => {
    const { doc } = connect(withFreshNodes(), { source: "decision-1", target: "a", fields: { condition: "x > 1" } });
    expect(doc.edges.at(-1)).toEqual({ id: "e1", source: "decision-1", target: "a", condition: "x > 1" });
  });

  it.each([
    ["into a start node", "a", "start", 'start node "start" takes no incoming edges'],
    ["out of an end node", "done", "a", 'end node "done" finishes the flow: it takes no outgoing edges'],
    ["a duplicate edge", "start", "import", '"start" is already connected to "import" (edge e-start)'],
    ["a self-loop", "a", "a", "a node can't connect to itself; loop back through a decision"],
    ["a missing source", "ghost", "a", 'there is no node "ghost" to connect from'],
    ["a missing target", "a", "ghost", 'there is no node "ghost" to connect to'],
  ])("refuses %s, with a reason, leaving the document as it was", (_what, source, target, reason) => {
    const doc = sample();
    expect(connect(doc, { source, target })).toEqual({ doc, reason });
    expect(connectionRefusal(doc, source, target)).toBe(reason);
  });
});

describe("removeEdges", () => {
  it("removes the edges with the given ids and ignores unknown ones", () => {
    const doc = sample();
    const { doc: next } = removeEdges(doc, { ids: ["e-start", "nope"] });
    expect(next.edges.map((e) => e.id)).not.toContain("e-start");
    expect(next.edges).toHaveLength(doc.edges.length - 1);
    expect(next.nodes).toBe(doc.nodes);
    expect(removeEdges(doc, { ids: ["nope"] }).doc).toBe(doc);
  });
});

describe("updateEdge", () => {
  it("sets and removes fields", () => {
    const { doc } = updateEdge(sample(), { id: "e-big", patch: { condition: undefined, label: "Big", default: true } });
    expect(findEdge(doc, "e-big")).toEqual({ id: "e-big", source: "gate", target: "fan", label: "Big", default: true });
  });

  it("reconnects an edge, refusing the ends connect would refuse", () => {
    const doc = sample();
    expect(findEdge(updateEdge(doc, { id: "e-child", patch: { target: "rejected" } }).doc, "e-child")?.target).toBe(
      "rejected",
    );
    expect(updateEdge(doc, { id: "e-child", patch: { target: "start" } }).reason).toMatch(/no incoming edges/);
    expect(updateEdge(doc, { id: "e-fan-a", patch: { target: "b" } }).reason).toMatch(/already connected/);
  });

  it("refuses an id another edge has, and an unknown edge", () => {
    const doc = sample();
    expect(updateEdge(doc, { id: "e-big", patch: { id: "e-small" } })).toEqual({
      doc,
      reason: 'edge id "e-small" is already used',
    });
    expect(updateEdge(doc, { id: "nope", patch: {} }).reason).toBe('there is no edge "nope"');
  });
});
