/**
 * Every parallel has a matching join: some join that every one of its branches reaches. Branches of nested
 * parallels reach both the inner and the outer join, so the outer one still matches. Every join belongs to
 * some parallel.
 */
import type { GraphNode, Rule } from "../flow-graph.js";

export const parallelJoins: Rule = ({ graph, report }) => {
  /** Joins reachable from a node, following edges (the first node of each id only). */
  const joinsFrom = (first: GraphNode): Set<string> => {
    const joins = new Set<string>();
    const seen = new Set<string>([first.id]);
    const queue = [first];
    while (queue.length > 0) {
      const node = queue.pop() as GraphNode;
      if (node.info?.type === "join") joins.add(node.id);
      for (const edge of graph.outgoing.get(node.id) ?? []) {
        const target = edge.target as string;
        if (seen.has(target)) continue;
        seen.add(target);
        const next = graph.byId.get(target);
        if (next) queue.push(next);
      }
    }
    return joins;
  };
  const matched = new Set<string>();
  for (const node of graph.nodes) {
    if (node.info?.type !== "parallel" || graph.byId.get(node.id) !== node) continue;
    const branches = graph.outgoing.get(node.id) ?? [];
    if (branches.length === 0) continue; // reported as missing-outgoing-edge
    let common: Set<string> | undefined;
    for (const edge of branches) {
      const first = graph.byId.get(edge.target as string) as GraphNode;
      const joins = joinsFrom(first);
      common = common === undefined ? joins : new Set([...common].filter((j) => joins.has(j)));
    }
    if (common === undefined || common.size === 0) {
      report({
        path: node.path,
        nodeId: node.id,
        code: "parallel-without-join",
        message: `the branches of parallel "${node.id}" never meet at a common join; lead every branch into one join`,
      });
    } else {
      for (const join of common) matched.add(join);
    }
  }
  for (const node of graph.nodes) {
    if (node.info?.type !== "join" || matched.has(node.id) || graph.byId.get(node.id) !== node) continue;
    report({
      path: node.path,
      nodeId: node.id,
      code: "join-without-parallel",
      message: `join "${node.id}" is not where the branches of any parallel meet`,
    });
  }
};
