/**
 * The document as React Flow's graph (toGraph), rebuilt on each change from the previous graph so that every node
 * and edge a change did not touch keeps its object: a drag on a 1,000-node flow then re-renders one node per mouse
 * move instead of all of them.
 */
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { useMemo, useRef } from "react";
import { type Graph, toGraph } from "../core/index.js";

/** toGraph(doc, { errors }), reusing the unchanged nodes and edges of the graph it returned last. */
export function useGraph(doc: FlowDefinition, errors: readonly ValidationError[]): Graph {
  const last = useRef<Graph | undefined>(undefined);
  return useMemo(() => {
    const graph = toGraph(doc, { errors, ...(last.current ? { previous: last.current } : {}) });
    last.current = graph;
    return graph;
  }, [doc, errors]);
}
