/**
 * The run view's state as of an event (time travel): the same shape as the live view (run-view-state.ts), from
 * the state a Timeline rebuilt from the stored history, so the canvas and the panels draw it without knowing.
 */
import type { StateAtEvent } from "@mfo/client";
import type { FlowEvent } from "@mfo/schemas";
import type { RunViewState } from "./run-view-state.js";

export function pastView(state: StateAtEvent, events: readonly FlowEvent[]): RunViewState {
  return {
    states: new Map(Object.entries(state.nodes)),
    takenEdges: new Set(state.takenEdges),
    context: state.context,
    events: events.slice(0, state.index + 1),
    status: state.status,
    asOfSeq: state.seq,
  };
}
