/**
 * A small valid flow that uses every node type, for tests that break one thing and expect one error.
 * Returns a fresh copy each call. Its subflow runs "assessment" (the migration pack's template), not itself:
 * a runtime refuses a flow type whose subflows lead back to it.
 */
import type { FlowDefinition } from "../generated/types.js";

export function sampleFlow(): FlowDefinition {
  return {
    id: "sample",
    name: "Sample",
    description: "Every node type once.",
    input: { type: "object", properties: { count: { type: "integer" } } },
    settings: { retry: { maxAttempts: 3, initialDelayMs: 100 }, timeoutMs: 10000 },
    nodes: [
      { id: "start", type: "start" },
      { id: "import", type: "phase", handler: "transform", params: { expression: "{ 'count': input.count }" } },
      { id: "gate", type: "decision", label: "Big?" },
      { id: "fan", type: "parallel" },
      { id: "a", type: "phase", handler: "noop" },
      { id: "b", type: "phase", handler: "log", params: { message: "branch b" } },
      { id: "merge", type: "join" },
      { id: "review", type: "approval" },
      { id: "pause", type: "wait", delayMs: 1000 },
      { id: "child", type: "subflow", flowType: "assessment", input: "{ 'count': 0 }" },
      { id: "done", type: "end", outcome: "completed" },
      { id: "rejected", type: "end", outcome: "failed" },
    ],
    edges: [
      { id: "e-start", source: "start", target: "import" },
      { id: "e-import", source: "import", target: "gate" },
      { id: "e-big", source: "gate", target: "fan", condition: "phases.import.output.count > 10" },
      { id: "e-small", source: "gate", target: "review", default: true },
      { id: "e-fan-a", source: "fan", target: "a" },
      { id: "e-fan-b", source: "fan", target: "b" },
      { id: "e-a", source: "a", target: "merge" },
      { id: "e-b", source: "b", target: "merge" },
      { id: "e-merge", source: "merge", target: "pause" },
      { id: "e-approve", source: "review", target: "pause", on: "approve" },
      { id: "e-reject", source: "review", target: "rejected", on: "reject" },
      { id: "e-pause", source: "pause", target: "child" },
      { id: "e-child", source: "child", target: "done" },
    ],
  };
}
