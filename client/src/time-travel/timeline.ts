/**
 * A run's history made scrubbable: built once from the instance's definition, events and node attempt rows, with a
 * checkpoint of the replayed state every `every` events, so the state at any event costs at most `every` event
 * applications (not the whole history), and stepping forward from the last state asked costs one.
 */
import type { FlowDefinition, FlowEvent, InstanceContext, InstanceStatus, NodeAttempt, NodeError } from "@mfo/schemas";
import { type NodeRun, nodeRunStates } from "./node-states.js";
import {
  applyEvent,
  contextOf,
  copyState,
  currentNodesOf,
  initialState,
  type ReplaySource,
  type ReplayState,
  replaySource,
} from "./replay.js";

/** The instance as it was just after an event. */
export interface StateAtEvent {
  /** The event's seq (0 before any event) and position in the history (-1 before any event). */
  seq: number;
  index: number;
  at: string | null;
  status: InstanceStatus;
  finished: boolean;
  currentNodes: string[];
  lastError: NodeError | null;
  /** Each node's state as the run view colours it. */
  nodes: Record<string, NodeRun>;
  /** The ids of the edges taken so far. */
  takenEdges: string[];
  /** The flow context as the engine stored it then (read only: records are shared between states). */
  context: InstanceContext;
}

export interface TimelineOptions {
  /** Events between checkpoints (default 256). */
  every?: number;
}

export class Timeline {
  readonly events: readonly FlowEvent[];
  private readonly source: ReplaySource;
  private readonly every: number;
  /** checkpoints[k]: the state after event k * every - 1 (checkpoints[0]: before any event). */
  private readonly checkpoints: ReplayState[] = [];
  /** The last state computed, to step on from (a private copy: never handed out). */
  private cursor: ReplayState;

  constructor(
    private readonly definition: FlowDefinition,
    events: readonly FlowEvent[],
    attempts: readonly NodeAttempt[],
    options: TimelineOptions = {},
  ) {
    this.every = Math.max(1, options.every ?? 256);
    this.events = [...events].sort((a, b) => a.seq - b.seq);
    this.source = replaySource(definition, attempts);
    const state = initialState();
    this.checkpoints.push(copyState(state));
    this.events.forEach((e, i) => {
      applyEvent(state, this.source, e, i);
      if ((i + 1) % this.every === 0) this.checkpoints.push(copyState(state));
    });
    this.cursor = state;
  }

  get length(): number {
    return this.events.length;
  }

  /** The position of the last event with a seq at or before `seq` (-1 when none). */
  indexOf(seq: number): number {
    let lo = 0;
    let hi = this.events.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid] as FlowEvent).seq <= seq) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The state just after the event with this seq (or the last one before it). */
  stateAt(seq: number): StateAtEvent {
    return this.stateAtIndex(this.indexOf(seq));
  }

  /** The state just after the index-th event (-1: before any event). */
  stateAtIndex(index: number): StateAtEvent {
    const target = Math.max(-1, Math.min(index, this.events.length - 1));
    const k = Math.floor((target + 1) / this.every);
    const fromCheckpoint = (this.checkpoints[k] as ReplayState).index;
    // Step on from the last state when it is behind the target and nearer than the checkpoint.
    if (this.cursor.index > target || this.cursor.index < fromCheckpoint)
      this.cursor = copyState(this.checkpoints[k] as ReplayState);
    for (let i = this.cursor.index + 1; i <= target; i++)
      applyEvent(this.cursor, this.source, this.events[i] as FlowEvent, i);
    return this.view(this.cursor);
  }

  private view(s: ReplayState): StateAtEvent {
    const currentNodes = currentNodesOf(s);
    const context = contextOf(s);
    const position = { status: s.status, currentNodes, context, finished: s.finished, lastError: s.lastError };
    return {
      seq: s.seq,
      index: s.index,
      at: s.at,
      status: s.status,
      finished: s.finished,
      currentNodes,
      lastError: s.lastError,
      nodes: Object.fromEntries(nodeRunStates(this.definition, position, s.passed)),
      takenEdges: [...s.takenEdges],
      context,
    };
  }
}
