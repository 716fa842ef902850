/**
 * The state each node shows in the run view, from where an instance is (status, position, context). One function
 * for the live view (from the instance row) and for time travel (from the state rebuilt at an event), so the
 * canvas looks the same at the last event as live.
 */
import type { FlowDefinition, InstanceContext, InstanceStatus, NodeError } from "@mfo/schemas";

export type NodeRunState = "pending" | "running" | "completed" | "failed" | "waiting" | "paused" | "skipped";

export interface NodeRun {
  state: NodeRunState;
  attempts?: number;
  error?: string;
}

/** What the node states are computed from: an instance row, or the state rebuilt at an event. */
export interface RunPosition {
  status: InstanceStatus;
  currentNodes: readonly string[];
  context: InstanceContext;
  finished: boolean;
  lastError?: NodeError | null;
}

/**
 * completed/failed from the phase record or, for nodes without one (start, decision, join, end), from `passed`
 * (the nodes the history shows completed or ended at); where the instance is: paused while it is paused (nothing
 * moves there until someone resumes it), waiting at an approval, a manual phase or a wait, running otherwise;
 * skipped for nodes a finished instance never reached; pending otherwise.
 */
export function nodeRunStates(
  definition: FlowDefinition,
  at: RunPosition,
  passed: ReadonlySet<string>,
): Map<string, NodeRun> {
  const states = new Map<string, NodeRun>();
  for (const node of definition.nodes) {
    const phase = at.context.phases[node.id];
    const here = at.currentNodes.includes(node.id);
    let state: NodeRunState = at.finished ? "skipped" : "pending";
    if (phase?.status === "completed" || (!phase && passed.has(node.id))) state = "completed";
    else if (phase?.status === "failed") state = "failed";
    else if (here) state = hereState(at.status, node.type, phase?.status);
    if (at.finished && at.lastError?.nodeId === node.id) state = "failed";
    states.set(node.id, {
      state,
      ...(phase?.attempts ? { attempts: phase.attempts } : {}),
      ...(phase?.error?.message ? { error: phase.error.message } : {}),
    });
  }
  return states;
}

/** The state of a node the instance is at: a paused instance pauses it; a node that waits says so. */
function hereState(status: InstanceStatus, type: string, phase: string | undefined): NodeRunState {
  if (status === "paused") return "paused";
  if (status === "waiting" || phase === "waiting" || type === "wait") return "waiting";
  return "running";
}

/** The nodes a history shows completed (node.completed) or ended at (instance.* naming a node). */
export function passedNodes(events: readonly { type: string; nodeId?: string | null }[]): Set<string> {
  const passed = new Set<string>();
  for (const e of events)
    if (e.nodeId && (e.type === "node.completed" || e.type.startsWith("instance."))) passed.add(e.nodeId);
  return passed;
}
