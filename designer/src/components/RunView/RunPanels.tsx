/**
 * The run view's side panel: the node panel for the node clicked on the canvas (its data read from the runtime and
 * read again when the feed brings news of it) or the Result panel; each behind its own error boundary, whose way
 * back closes the panel. Both read the run view's state (`view`), live or as of a point in the past.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowDefinition, NodeError } from "@mfo/schemas";
import { nodeLabel } from "../../core/index.js";
import { ErrorBoundary } from "../ErrorBoundary/index.js";
import { NodeDataPanel } from "../NodeDataPanel/index.js";
import { ResultPanel } from "../ResultPanel/index.js";
import type { RunViewState } from "./run-view-state.js";
import { useNodeData } from "./useNodeData.js";

export type OpenPanel = { kind: "node"; nodeId: string } | { kind: "result" } | undefined;

export interface RunPanelsProps {
  api: ApiClient;
  instanceId: string;
  definition: FlowDefinition;
  view: RunViewState;
  panel: OpenPanel;
  lastError?: NodeError | null | undefined;
  onClose(): void;
}

export function RunPanels({ api, instanceId, definition, view, panel, lastError, onClose }: RunPanelsProps) {
  const nodeId = panel?.kind === "node" ? panel.nodeId : undefined;
  const read = useNodeData(api, instanceId, nodeId, view.events);
  const back = { label: "Close the panel", onBack: onClose };
  if (!panel) return null;
  if (panel.kind === "result")
    return (
      <ErrorBoundary what="the result panel" compact back={back}>
        <ResultPanel
          status={view.status}
          definition={definition}
          events={view.events}
          context={view.context}
          lastError={lastError}
          onClose={onClose}
        />
      </ErrorBoundary>
    );
  const node = definition.nodes.find((n) => n.id === panel.nodeId);
  const edgeLabel = (id: string) => {
    const edge = definition.edges.find((e) => e.id === id);
    if (!edge) return id;
    const target = definition.nodes.find((n) => n.id === edge.target);
    return `${edge.label ?? id} → ${target ? nodeLabel(target) : edge.target}`;
  };
  return (
    <ErrorBoundary what="the node panel" compact back={back} resetKeys={[panel.nodeId]}>
      <NodeDataPanel
        key={panel.nodeId}
        nodeId={panel.nodeId}
        label={node ? nodeLabel(node) : panel.nodeId}
        nodeData={read.data}
        loading={read.loading}
        error={read.error}
        asOfSeq={view.asOfSeq}
        // What the node saw is known for a point in the past (time travel); live, the context is today's, not its.
        {...(view.asOfSeq !== undefined ? { context: view.context } : {})}
        edgeLabel={edgeLabel}
        onRetry={read.reload}
        onClose={onClose}
      />
    </ErrorBoundary>
  );
}
