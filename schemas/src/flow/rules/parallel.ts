/**
 * Every parallel has a matching join, and every join matches some parallel. A parallel's join is the join that
 * all of its branches reach first: each branch is followed until it meets a join, passing over any nested
 * parallel by jumping straight to that parallel's own join (memoised). Each search therefore stops at the first
 * join, which keeps the rule near linear even when a loop makes everything reachable from everything.
 */
import { buildGraph, type FlowGraph, type GraphNode, isObject, type Rule } from "../flow-graph.js";

/** Deeper nesting of parallels than this is reported rather than followed. */
const MAX_NESTING = 200;

/** A parallel's join node; null when its branches never meet; "deep" when nesting was too deep to follow. */
export type JoinMatch = GraphNode | null | "deep";

/** Works out the join of every parallel in the graph (see the header for how). */
export function matchJoins(graph: FlowGraph): (parallel: GraphNode) => JoinMatch {
  /**
   * Parallel id -> its join node; null when it has none; "pending" while being worked out (a loop); "deep"
   * when a parallel nested inside it is past MAX_NESTING, so its join could not be determined.
   */
  type Match = JoinMatch;
  const joinOf = new Map<string, Match | "pending">();

  const firstJoins = (from: GraphNode, owner: GraphNode, depth: number): Set<GraphNode> | "deep" => {
    const found = new Set<GraphNode>();
    const seen = new Set<GraphNode>([from]);
    const queue = [from];
    const visit = (node: GraphNode) => {
      if (!seen.has(node)) {
        seen.add(node);
        queue.push(node);
      }
    };
    const successors = (node: GraphNode) =>
      (graph.outgoing.get(node.id) ?? []).map((e) => graph.byId.get(e.target as string) as GraphNode);
    while (queue.length > 0) {
      const node = queue.pop() as GraphNode;
      const type = node.info?.type;
      if (type === "join") {
        found.add(node);
      } else if (type === "parallel" && node !== owner) {
        const inner = match(node, depth + 1);
        if (inner === "deep") return "deep";
        if (inner) for (const next of successors(inner)) visit(next);
      } else if (node !== owner) {
        for (const next of successors(node)) visit(next);
      }
    }
    return found;
  };

  function match(parallel: GraphNode, depth: number): Match {
    const known = joinOf.get(parallel.id);
    if (known === "pending") return null;
    if (known !== undefined) return known;
    if (depth > MAX_NESTING) return "deep";
    joinOf.set(parallel.id, "pending");
    let result: Match | undefined;
    let common: GraphNode[] | undefined;
    for (const edge of graph.outgoing.get(parallel.id) ?? []) {
      const joins = firstJoins(graph.byId.get(edge.target as string) as GraphNode, parallel, depth);
      if (joins === "deep") {
        result = "deep";
        break;
      }
      common = common === undefined ? [...joins] : common.filter((j) => joins.has(j));
    }
    result ??= common?.sort((a, b) => a.index - b.index)[0] ?? null;
    joinOf.set(parallel.id, result);
    return result;
  }

  return (parallel) => match(parallel, 0);
}

/**
 * The join of each parallel of a definition, by node id, for the runtime's compiler and the designer. A parallel
 * without a join (an invalid flow) is left out. Never throws.
 */
export function findParallelJoins(definition: unknown): Map<string, string> {
  const joins = new Map<string, string>();
  if (!isObject(definition)) return joins;
  const graph = buildGraph(definition);
  const joinOf = matchJoins(graph);
  for (const node of graph.nodes) {
    if (node.info?.type !== "parallel" || graph.byId.get(node.id) !== node) continue;
    const join = joinOf(node);
    if (join !== null && join !== "deep") joins.set(node.id, join.id);
  }
  return joins;
}

export const parallelJoins: Rule = ({ graph, report }) => {
  const joinOf = matchJoins(graph);
  const matched = new Set<GraphNode>();
  let deep = false;
  for (const node of graph.nodes) {
    if (node.info?.type !== "parallel" || graph.byId.get(node.id) !== node) continue;
    if ((graph.outgoing.get(node.id) ?? []).length === 0) continue; // reported as missing-outgoing-edge
    const join = joinOf(node);
    if (join === "deep") {
      // Said once, on the outermost such parallel; its inner parallels and joins are left unjudged.
      if (!deep)
        report({
          path: node.path,
          nodeId: node.id,
          code: "parallel-too-deep",
          message: `parallel "${node.id}" holds parallels nested more than ${MAX_NESTING} levels deep; flatten them`,
        });
      deep = true;
    } else if (join) matched.add(join);
    else
      report({
        path: node.path,
        nodeId: node.id,
        code: "parallel-without-join",
        message: `the branches of parallel "${node.id}" never meet at a common join; lead every branch into one join`,
      });
  }
  if (deep) return;
  for (const node of graph.nodes) {
    if (node.info?.type !== "join" || matched.has(node) || graph.byId.get(node.id) !== node) continue;
    report({
      path: node.path,
      nodeId: node.id,
      code: "join-without-parallel",
      message: `join "${node.id}" is not where the branches of any parallel meet`,
    });
  }
};
