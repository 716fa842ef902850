/**
 * How many columns a left-to-right layered layout of a flow needs, estimated before running ELK: the longest path
 * from the nodes nothing points to, once loops are cut. Auto layout uses it to decide whether to wrap a flow into
 * rows; a guess is enough, since ELK's layering may differ by a column or two.
 */
import type { FlowDefinition } from "@mfo/schemas";

/** The number of nodes on the longest path of `doc` without its back edges (0 for an empty flow). */
export function estimateLayers(doc: FlowDefinition): number {
  const next = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  for (const node of doc.nodes) {
    next.set(node.id, []);
    incoming.set(node.id, 0);
  }
  for (const edge of doc.edges) {
    if (!next.has(edge.target)) continue;
    next.get(edge.source)?.push(edge.target);
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  }
  // Depth-first from the roots (the start first); an edge to a node still on the stack is a loop and is cut.
  // Iterative, since a 1,000-node chain would overflow a recursive walk's stack on some engines.
  const depth = new Map<string, number>();
  const onStack = new Set<string>();
  const roots = [...next.keys()].sort((a, b) => (incoming.get(a) ?? 0) - (incoming.get(b) ?? 0));
  for (const root of roots) {
    if (depth.has(root)) continue;
    const stack: { id: string; i: number }[] = [{ id: root, i: 0 }];
    onStack.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; i: number };
      const targets = next.get(top.id) ?? [];
      const target = targets[top.i++];
      if (target !== undefined) {
        if (!depth.has(target) && !onStack.has(target)) {
          stack.push({ id: target, i: 0 });
          onStack.add(target);
        }
        continue;
      }
      // All successors done: this node's depth is one more than its deepest successor that is not a loop back.
      let deepest = 0;
      for (const t of targets) if (!onStack.has(t)) deepest = Math.max(deepest, depth.get(t) ?? 0);
      depth.set(top.id, deepest + 1);
      onStack.delete(top.id);
      stack.pop();
    }
  }
  return Math.max(0, ...depth.values());
}
