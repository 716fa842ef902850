/** The state each node shows in run view, from the instance's context, position and status. */
import type { FlowDefinition, FlowEvent, Instance } from "@mfo/schemas";
import type { RunState } from "../FlowNodeView/index.js";

export interface NodeRun {
  state: RunState;
  attempts?: number;
  error?: string;
}

/**
 * completed/failed from the phase record or, for nodes without one (start, decision, join, end), from the
 * history; where the instance is: paused while it is paused (nothing moves there until someone resumes it),
 * waiting at an approval, a manual phase or a wait, running otherwise; skipped for nodes a finished instance never
 * reached; pending otherwise.
 */
export function runStates(
  definition: FlowDefinition,
  instance: Instance,
  events: readonly FlowEvent[] = [],
): Map<string, NodeRun> {
  const states = new Map<string, NodeRun>();
  const finished = instance.finishedAt !== null && instance.finishedAt !== undefined;
  const passed = new Set(
    events
      .filter((e) => e.type === "node.completed" || (e.type.startsWith("instance.") && e.nodeId))
      .map((e) => e.nodeId as string),
  );
  for (const node of definition.nodes) {
    const phase = instance.context.phases[node.id];
    const here = instance.currentNodes.includes(node.id);
    let state: RunState = finished ? "skipped" : "pending";
    if (phase?.status === "completed" || (!phase && passed.has(node.id))) state = "completed";
    else if (phase?.status === "failed") state = "failed";
    else if (here) state = hereState(instance.status, node.type, phase?.status);
    if (finished && instance.lastError?.nodeId === node.id) state = "failed";
    states.set(node.id, {
      state,
      ...(phase?.attempts ? { attempts: phase.attempts } : {}),
      ...(phase?.error?.message ? { error: phase.error.message } : {}),
    });
  }
  return states;
}

/** The state of a node the instance is at: a paused instance pauses it; a node that waits says so. */
function hereState(status: Instance["status"], type: string, phase: string | undefined): RunState {
  if (status === "paused") return "paused";
  if (status === "waiting" || phase === "waiting" || type === "wait") return "waiting";
  return "running";
}
