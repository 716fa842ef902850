/**
 * A cycle is allowed only through a decision that can leave it: every strongly connected part of the graph
 * (Tarjan's algorithm, iterative so that a 10,000-node chain cannot overflow the stack) with a loop in it must
 * hold a decision with an edge out of that part. An approval with an edge out counts too (an extension of
 * FLOW-FORMAT.md): a reject-and-rework loop ends when a person approves, so it cannot spin on its own.
 */
import type { GraphNode, Rule } from "../flow-graph.js";

function stronglyConnected(nodes: readonly GraphNode[], next: (n: GraphNode) => GraphNode[]): GraphNode[][] {
  const index = new Map<GraphNode, number>();
  const low = new Map<GraphNode, number>();
  const onStack = new Set<GraphNode>();
  const stack: GraphNode[] = [];
  const components: GraphNode[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: GraphNode; children: GraphNode[]; i: number }> = [];
    const enter = (node: GraphNode) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++] as GraphNode;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child))
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(child) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: GraphNode[] = [];
        let member: GraphNode | undefined;
        do {
          member = stack.pop() as GraphNode;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

export const cyclesNeedDecisions: Rule = ({ graph, report }) => {
  const firsts = graph.nodes.filter((n) => graph.byId.get(n.id) === n);
  const next = (node: GraphNode) =>
    (graph.outgoing.get(node.id) ?? []).map((e) => graph.byId.get(e.target as string) as GraphNode);
  for (const component of stronglyConnected(firsts, next)) {
    const members = new Set(component.map((n) => n.id));
    const only = component[0] as GraphNode;
    const looped = component.length > 1 || (graph.outgoing.get(only.id) ?? []).some((e) => e.target === only.id);
    if (!looped) continue;
    const exit = component.some(
      (n) =>
        n.info?.branchBy !== null &&
        n.info !== undefined &&
        (graph.outgoing.get(n.id) ?? []).some((e) => !members.has(e.target as string)),
    );
    if (exit) continue;
    const ordered = [...component].sort((a, b) => a.index - b.index);
    const first = ordered[0] as GraphNode;
    const names = ordered.slice(0, 6).map((n) => `"${n.id}"`);
    if (ordered.length > 6) names.push(`and ${ordered.length - 6} more`);
    report({
      path: first.path,
      nodeId: first.id,
      code: "cycle-without-decision",
      message: `nodes ${names.join(", ")} form a loop with no way out; a loop needs a decision (or approval) with an edge that leaves it`,
    });
  }
};
