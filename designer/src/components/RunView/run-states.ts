/**
 * The state each node shows in run view, from the instance's context, position and status: the same function
 * (@mfo/client nodeRunStates) colours the canvas live and at a past event (time travel), so both look alike.
 */
import { type NodeRun, nodeRunStates, passedNodes } from "@mfo/client";
import type { FlowDefinition, FlowEvent, Instance } from "@mfo/schemas";

export type { NodeRun };

/**
 * completed/failed from the phase record or, for nodes without one (start, decision, join, end), from the
 * history; where the instance is: paused while it is paused, waiting at an approval, a manual phase or a wait,
 * running otherwise; skipped for nodes a finished instance never reached; pending otherwise.
 */
export function runStates(
  definition: FlowDefinition,
  instance: Instance,
  events: readonly FlowEvent[] = [],
): Map<string, NodeRun> {
  const position = {
    status: instance.status,
    currentNodes: instance.currentNodes,
    context: instance.context,
    finished: instance.finishedAt !== null && instance.finishedAt !== undefined,
    lastError: instance.lastError ?? null,
  };
  return nodeRunStates(definition, position, passedNodes(events));
}
