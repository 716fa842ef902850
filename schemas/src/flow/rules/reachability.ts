/** Every node can be reached from start (over edges and error paths). */
import { type Rule, successors } from "../flow-graph.js";

export const reachability: Rule = ({ graph, report }) => {
  const start = graph.nodes.find((n) => n.info?.type === "start");
  if (start === undefined) return; // reported by startAndEnd
  const reached = new Set<string>([start.id]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.pop();
    if (node === undefined) break;
    for (const id of successors(graph, node)) {
      if (reached.has(id)) continue;
      reached.add(id);
      const next = graph.byId.get(id);
      if (next) queue.push(next);
    }
  }
  for (const node of graph.nodes) {
    if (reached.has(node.id) || graph.byId.get(node.id) !== node) continue;
    report({
      path: node.path,
      nodeId: node.id,
      code: "unreachable-node",
      message: `node "${node.id}" cannot be reached from start "${start.id}"; connect an edge into it or delete it`,
    });
  }
};
