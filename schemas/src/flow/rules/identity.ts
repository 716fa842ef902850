/** Unique ids, exactly one start, at least one end. */
import { pointer } from "../../json/pointer.js";
import type { Rule } from "../flow-graph.js";

export const uniqueIds: Rule = ({ graph, report }) => {
  const seenNodes = new Map<string, number>();
  for (const node of graph.nodes) {
    const first = seenNodes.get(node.id);
    if (first === undefined) seenNodes.set(node.id, node.index);
    else
      report({
        path: `${node.path}/id`,
        nodeId: node.id,
        code: "duplicate-node-id",
        message: `node id "${node.id}" is already used by ${pointer("nodes", first)}`,
      });
  }
  const seenEdges = new Map<string, number>();
  for (const edge of graph.edges) {
    if (edge.id === undefined) continue;
    const first = seenEdges.get(edge.id);
    if (first === undefined) seenEdges.set(edge.id, edge.index);
    else
      report({
        path: `${edge.path}/id`,
        ...(edge.source !== undefined && graph.byId.has(edge.source) ? { nodeId: edge.source } : {}),
        edgeId: edge.id,
        code: "duplicate-edge-id",
        message: `edge id "${edge.id}" is already used by ${pointer("edges", first)}`,
      });
  }
};

export const startAndEnd: Rule = ({ graph, report }) => {
  if (!Array.isArray(graph.document.nodes)) return; // the schema reports the missing list
  const starts = graph.nodes.filter((n) => n.info?.type === "start");
  if (starts.length === 0) {
    report({ path: "/nodes", code: "missing-start", message: "the flow needs exactly one start node; it has none" });
  }
  for (const extra of starts.slice(1)) {
    report({
      path: extra.path,
      nodeId: extra.id,
      code: "multiple-starts",
      message: `the flow needs exactly one start node; "${starts[0]?.id}" is already its start`,
    });
  }
  if (!graph.nodes.some((n) => n.info?.type === "end")) {
    report({ path: "/nodes", code: "missing-end", message: "the flow needs at least one end node; it has none" });
  }
};
