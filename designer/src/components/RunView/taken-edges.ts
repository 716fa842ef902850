/**
 * The edges a run took, from its events alone (so a time-travel view can pass the events up to seq N): a decision
 * or approval names the edge it left by (node.completed `data.edge`); any other edge was taken when its source
 * completed and its target was entered after that (node.entered, or the instance.* event that names the end node
 * reached). Where two paths join, an edge whose source completed before the join was entered counts as taken:
 * that is what a join waits for.
 */
import type { FlowDefinition, FlowEvent } from "@mfo/schemas";

const edgeOf = (event: FlowEvent): string | undefined => {
  const edge = (event.data as { edge?: unknown } | undefined)?.edge;
  return typeof edge === "string" ? edge : undefined;
};

const isArrival = (event: FlowEvent) =>
  event.type === "node.entered" || (event.type.startsWith("instance.") && event.nodeId !== undefined);

export function takenEdges(definition: Pick<FlowDefinition, "edges">, events: readonly FlowEvent[]): Set<string> {
  const taken = new Set<string>();
  const into = new Map<string, FlowDefinition["edges"]>();
  for (const edge of definition.edges) into.set(edge.target, [...(into.get(edge.target) ?? []), edge]);
  // The latest completion of each node not yet followed by an arrival along one of its edges.
  const left = new Map<string, { named: string | undefined }>();
  for (const event of events) {
    const node = event.nodeId ?? undefined;
    if (!node) continue;
    if (event.type === "node.completed") {
      const named = edgeOf(event);
      if (named) taken.add(named);
      left.set(node, { named });
    } else if (isArrival(event)) {
      for (const edge of into.get(node) ?? []) {
        const completion = left.get(edge.source);
        if (!completion || (completion.named !== undefined && completion.named !== edge.id)) continue;
        taken.add(edge.id);
      }
    }
  }
  return taken;
}
