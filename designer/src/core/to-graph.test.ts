import type { FlowDefinition, FlowNode } from "@mfo/schemas";
import { validateFlow } from "@mfo/schemas";
import { generateFlow, sampleFlow } from "@mfo/schemas/testing";
// Types only, erased at build: checks that the core's graph shapes fit React Flow without the core importing it.
import type { Edge, Node, NodeChange } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { execute } from "./commands.js";
import { deepFreeze } from "./deep-freeze.js";
import { findNode } from "./document.js";
import { type FlowEdgeData, type FlowNodeData, fromGraph, movesFromChanges, toGraph } from "./to-graph.js";

const examples = import.meta.glob<FlowDefinition>("../../../examples/*.json", {
  eager: true,
  import: "default",
});

/** The flow with odd `ui` fields the designer does not know, on nodes, edges and the flow, and one node without ui. */
function withUnknownUi(doc: FlowDefinition): FlowDefinition {
  return {
    ...doc,
    ui: { zoom: 1.5, viewport: { x: 3, y: 4 } },
    nodes: doc.nodes.map((node, i): FlowNode => {
      if (i !== 1) return { ...node, ui: { ...node.ui, collapsed: i % 2 === 0, color: "teal" } };
      const { ui: _ui, ...rest } = node;
      return rest as FlowNode;
    }),
    edges: doc.edges.map((edge, i) => (i === 0 ? { ...edge, ui: { waypoints: [{ x: 1, y: 2 }] } } : edge)),
  };
}

const flows: [string, FlowDefinition][] = [
  ...Object.entries(examples),
  ["sampleFlow", sampleFlow()],
  ...[1, 2, 3, 7, 42].map((seed): [string, FlowDefinition] => [
    `generateFlow seed ${seed}`,
    generateFlow({ nodes: 80, seed }),
  ]),
  ["generateFlow 300 nodes", generateFlow({ nodes: 300, seed: 9 })],
];

describe("doc -> graph -> doc", () => {
  it("finds the examples", () => {
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(2);
  });

  it.each(flows)("is lossless for %s", (_name, flow) => {
    for (const doc of [flow, withUnknownUi(flow)]) {
      const frozen = deepFreeze(structuredClone(doc));
      const back = fromGraph(frozen, toGraph(frozen, { errors: validateFlow(frozen).errors }));
      expect(back).toStrictEqual(doc);
      expect(JSON.parse(JSON.stringify(back))).toStrictEqual(JSON.parse(JSON.stringify(doc)));
    }
  });

  it("writes a moved node's position into ui, keeping its other ui fields", () => {
    const doc = deepFreeze(withUnknownUi(sampleFlow()));
    const graph = toGraph(doc);
    const moved = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === "gate" ? { ...n, position: { x: 9, y: 8 } } : n)),
    };
    const back = fromGraph(doc, moved);
    expect(findNode(back, "gate")?.ui).toEqual({ x: 9, y: 8, collapsed: true, color: "teal" });
    expect(back.nodes.filter((n) => n.id !== "gate")).toEqual(doc.nodes.filter((n) => n.id !== "gate"));
  });

  it("takes a reconnected edge's new ends from the graph", () => {
    const doc = sample();
    const graph = toGraph(doc);
    const edges = graph.edges.map((e) => (e.id === "e-child" ? { ...e, target: "rejected" } : e));
    expect(fromGraph(doc, { ...graph, edges }).edges.find((e) => e.id === "e-child")?.target).toBe("rejected");
  });
});

function sample(): FlowDefinition {
  return deepFreeze(sampleFlow());
}

describe("toGraph", () => {
  it("gives React Flow nodes typed by the flow node type, with label and position", () => {
    const doc = deepFreeze(examples["../../../examples/discovery.json"] as FlowDefinition);
    const node = toGraph(doc).nodes[1];
    expect(node).toEqual({
      id: "data-import",
      type: "phase",
      position: { x: 200, y: 0 },
      data: { node: doc.nodes[1], label: "Data import", errors: [] },
    });
  });

  it("places a node without ui at 0, 0 and labels it with its id", () => {
    const node = toGraph(sample()).nodes[0];
    expect(node?.position).toEqual({ x: 0, y: 0 });
    expect(node?.data.label).toBe("start");
  });

  it("labels edges with their label, condition, default or approval decision", () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      edges: [
        ...base.edges,
        { id: "x1", source: "gate", target: "done", condition: "" },
        { id: "x2", source: "gate", target: "rejected", condition: "a > 1", label: "Big" },
      ],
    });
    const labels = Object.fromEntries(toGraph(doc).edges.map((e) => [e.id, e.label]));
    expect(labels).toMatchObject({
      "e-big": "phases.import.output.count > 10",
      "e-small": "default",
      "e-approve": "approve",
      "e-reject": "reject",
      x1: "(condition?)",
      x2: "Big",
    });
    expect(toGraph(doc).edges.find((e) => e.id === "e-start")).not.toHaveProperty("label");
  });

  it("puts each validation error on the node or edge it names", () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      nodes: base.nodes.map((n) => (n.id === "a" ? { ...n, handler: "no-such-handler" } : n)),
      edges: base.edges.map((e) => (e.id === "e-approve" ? { ...e, on: undefined } : e)),
    });
    const { errors } = validateFlow(doc);
    const graph = toGraph(doc, { errors });
    const a = graph.nodes.find((n) => n.id === "a");
    expect(a?.data.errors.map((e) => e.code)).toEqual(["unknown-handler"]);
    const approve = graph.edges.find((e) => e.id === "e-approve");
    expect(approve?.data.errors.map((e) => e.code)).toEqual(["approval-edge-without-on"]);
    expect(graph.nodes.find((n) => n.id === "review")?.data.errors).toEqual([]);
  });

  it("reuses the previous graph's nodes and edges that a move left as they were", () => {
    const doc = deepFreeze(generateFlow({ nodes: 40, seed: 2 }));
    const { errors } = validateFlow(doc);
    const before = toGraph(doc, { errors });
    const id = doc.nodes[3]?.id ?? "";
    const moved = execute(doc, { kind: "moveNodes", positions: { [id]: { x: 5, y: 7 } } }).doc;
    const after = toGraph(moved, { errors, previous: before });
    const changed = after.nodes.filter((n, i) => n !== before.nodes[i]).map((n) => n.id);
    expect(changed).toEqual([id]);
    expect(after.nodes.find((n) => n.id === id)?.position).toEqual({ x: 5, y: 7 });
    // No edge changed: the very same list, so the canvas has nothing to redo for edges.
    expect(after.edges).toBe(before.edges);
    // New errors (a fresh validation) give the nodes they name new objects, and only those.
    const flagged = [{ path: "/nodes/2", nodeId: doc.nodes[2]?.id, code: "x", message: "x" }];
    const again = toGraph(moved, { errors: flagged, previous: after });
    expect(again.nodes.filter((n, i) => n !== after.nodes[i]).map((n) => n.id)).toEqual([doc.nodes[2]?.id]);
    expect(toGraph(moved, { errors: flagged, previous: again })).toEqual(again);
    expect(toGraph(moved, { errors: flagged, previous: again }).nodes).toBe(again.nodes);
  });

  it("fits React Flow's Node and Edge types", () => {
    const graph = toGraph(sample());
    const nodes: Node<FlowNodeData, string>[] = graph.nodes;
    const edges: Edge<FlowEdgeData>[] = graph.edges;
    expect(nodes).toHaveLength(graph.nodes.length);
    expect(edges).toHaveLength(graph.edges.length);
  });
});

describe("movesFromChanges", () => {
  it("takes the positions out of React Flow's node changes and says when a drag ended", () => {
    const changes: NodeChange[] = [
      { type: "select", id: "a", selected: true },
      { type: "position", id: "a", position: { x: 1, y: 2 }, dragging: true },
      { type: "position", id: "b", position: { x: 3, y: 4 }, dragging: true },
      { type: "dimensions", id: "a", dimensions: { width: 1, height: 1 } },
      { type: "remove", id: "c" },
    ];
    expect(movesFromChanges(changes)).toEqual({
      positions: { a: { x: 1, y: 2 }, b: { x: 3, y: 4 } },
      dragEnded: false,
    });
    expect(movesFromChanges([{ type: "position", id: "a", dragging: false }])).toEqual({
      positions: {},
      dragEnded: true,
    });
  });
});
