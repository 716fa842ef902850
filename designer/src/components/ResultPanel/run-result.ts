/**
 * What a run came to: the end node reached (from the instance.completed / instance.failed event that names it), its
 * label and outcome, when, and the error of a failure; and the final context in the order the flow defines its
 * phases, each output under its node's label.
 */
import type { FlowDefinition, FlowEvent, InstanceContext, InstanceStatus, NodeError } from "@mfo/schemas";
import { nodeLabel } from "../../core/index.js";

export interface RunResult {
  ended: boolean;
  status: InstanceStatus;
  endNodeId: string | undefined;
  endLabel: string | undefined;
  /** The end node's declared outcome ("completed" or "failed"), when the run reached one. */
  outcome: string | undefined;
  finishedAt: string | undefined;
  error: NodeError | undefined;
}

const ENDINGS = new Set(["instance.completed", "instance.failed", "instance.cancelled"]);

export function runResult(
  status: InstanceStatus,
  definition: FlowDefinition,
  events: readonly FlowEvent[],
  lastError?: NodeError | null,
): RunResult {
  const ending = [...events].reverse().find((e) => ENDINGS.has(e.type));
  const endNode = ending?.nodeId ? definition.nodes.find((n) => n.id === ending.nodeId) : undefined;
  const ended = ending !== undefined;
  return {
    ended,
    status,
    endNodeId: endNode?.id,
    endLabel: endNode ? nodeLabel(endNode) : undefined,
    outcome: endNode?.type === "end" ? (endNode.outcome ?? "completed") : undefined,
    finishedAt: ending?.at,
    error: ended && lastError ? lastError : undefined,
  };
}

export interface PhaseOutput {
  nodeId: string;
  label: string;
  output: unknown;
}

/** Each phase's output in the definition's node order (phases the run never reached are left out). */
export function phaseOutputs(definition: FlowDefinition, context: InstanceContext): PhaseOutput[] {
  const out: PhaseOutput[] = [];
  for (const node of definition.nodes) {
    const state = context.phases[node.id];
    if (state?.output === undefined) continue;
    out.push({ nodeId: node.id, label: nodeLabel(node), output: state.output });
  }
  return out;
}
