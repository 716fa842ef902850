/**
 * Time travel over a run: the state of an instance at any event of its history, rebuilt from what is stored (the
 * events and the node attempt rows), never from the live row; and the node states the run view shows.
 */
export { loadAttempts, loadHistory } from "./load.js";
export { type NodeRun, type NodeRunState, nodeRunStates, passedNodes, type RunPosition } from "./node-states.js";
export { type StateAtEvent, Timeline, type TimelineOptions } from "./timeline.js";
