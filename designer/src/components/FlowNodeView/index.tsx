/**
 * How a flow node looks on the canvas, for every node type: its type and label, what it runs (handler, trigger,
 * retries, wait, subflow, outcome), a badge with its validation errors, and in run view its state. An unknown
 * type renders with its error instead of throwing.
 */
import { nodeTypeInfo } from "@mfo/schemas";
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { FlowNodeData } from "../../core/index.js";

export type RunState = "pending" | "running" | "completed" | "failed" | "waiting" | "paused" | "skipped";

export type CanvasNodeData = FlowNodeData & { run?: { state: RunState; attempts?: number; error?: string } };

function details(data: CanvasNodeData): string[] {
  const node = data.node as unknown as Record<string, unknown>;
  const out: string[] = [];
  switch (data.node.type) {
    case "phase": {
      out.push(String(node.handler ?? "?"));
      if (node.trigger === "manual") out.push("manual");
      const retry = node.retry as { maxAttempts?: number } | undefined;
      if (retry?.maxAttempts && retry.maxAttempts > 1) out.push(`retry ×${retry.maxAttempts}`);
      break;
    }
    case "wait": {
      const event = node.event as { name?: string } | undefined;
      out.push(
        event ? `waits for ${event.name || "?"}` : node.delayMs !== undefined ? `${node.delayMs} ms` : "until …",
      );
      break;
    }
    case "subflow":
      out.push(`→ ${String(node.flowType || "?")}`);
      break;
    case "end":
      out.push(String(node.outcome ?? "completed"));
      break;
  }
  return out;
}

function FlowNodeViewImpl({ data, selected, isConnectable }: NodeProps) {
  const d = data as CanvasNodeData;
  const info = nodeTypeInfo(d.node.type);
  const errors = d.errors.length;
  const run = d.run;
  const shown = details(d);
  const classes = ["flow-node", `flow-node-${info ? d.node.type : "unknown"}`];
  if (selected) classes.push("selected");
  if (errors > 0) classes.push("has-errors");
  if (run) classes.push(`run-${run.state}`);
  return (
    <div className={classes.join(" ")} data-node-id={d.node.id} data-testid={`node-${d.node.id}`}>
      {/* React Flow leaves handles connectable unless the node passes on its canvas's say (read-only views). */}
      {info?.incoming !== false ? (
        <Handle type="target" position={Position.Left} isConnectable={isConnectable} />
      ) : null}
      <div className="flow-node-type">{info ? info.title : `Unknown type "${String(d.node.type)}"`}</div>
      <div className="flow-node-label" title={d.label}>
        {d.label}
      </div>
      {shown.length > 0 ? <div className="flow-node-details">{shown.join(" · ")}</div> : null}
      {run ? (
        <div className="flow-node-run" data-run-state={run.state}>
          {run.state}
          {run.attempts && run.attempts > 1 ? ` · ${run.attempts} attempts` : ""}
        </div>
      ) : null}
      {run?.error ? (
        <div className="flow-node-error" title={run.error}>
          {run.error}
        </div>
      ) : null}
      {errors > 0 ? (
        <span className="flow-node-badge" title={d.errors.map((e) => e.message).join("\n")}>
          <span aria-hidden="true">{errors}</span>
          <span className="sr-only">{errors === 1 ? "1 problem" : `${errors} problems`}</span>
        </span>
      ) : null}
      {info?.outgoing !== "none" ? (
        <Handle type="source" position={Position.Right} isConnectable={isConnectable} />
      ) : null}
    </div>
  );
}

/**
 * Memoized: React Flow re-renders a node only when its props change, and the canvas keeps a node's object (so its
 * `data`) while the flow node is untouched, so a drag re-renders the dragged node, not the other 999.
 */
export const FlowNodeView = memo(FlowNodeViewImpl);
