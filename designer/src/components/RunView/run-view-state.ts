/**
 * What the run view draws, computed in one place: each node's state, the edges taken, the context and the events
 * the panels read. The live view is built from the instance as it is now; a time-travel view ("as of seq N") is a
 * value of the same shape, so it can replace the live one without the canvas or the panels knowing.
 */
import type { FlowDefinition, FlowEvent, Instance, InstanceContext, InstanceStatus } from "@mfo/schemas";
import { type NodeRun, runStates } from "./run-states.js";
import { takenEdges } from "./taken-edges.js";

export interface RunViewState {
  states: Map<string, NodeRun>;
  takenEdges: Set<string>;
  context: InstanceContext;
  /** The events up to the point shown (all of them live). */
  events: readonly FlowEvent[];
  status: InstanceStatus;
  /** Set when the view is a point in the past: the node panel hides attempts recorded after it. */
  asOfSeq?: number | undefined;
}

export function liveView(definition: FlowDefinition, instance: Instance, events: readonly FlowEvent[]): RunViewState {
  return {
    states: runStates(definition, instance, events),
    takenEdges: takenEdges(definition, events),
    context: instance.context,
    events,
    status: instance.status,
  };
}
