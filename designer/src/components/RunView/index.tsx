/**
 * The run view: the instance's flow version on a read-only canvas, each node coloured by its state, kept live
 * by the instance's event stream (polling where streaming fails), with the operator's actions (pause, resume,
 * cancel, approve, reject, execute a manual phase) and the event history. Actions name their node by its label;
 * approve, reject and cancel cannot be undone, so each asks for confirmation and takes a comment (or a reason)
 * that the history keeps beside who acted. Clicking a node opens what it did (NodeDataPanel); the Result panel shows
 * how the run ended (it opens by itself once the instance has ended); Escape closes either. What the canvas and the
 * panels draw comes from one value, `view` (run-view-state.ts), so a view of the past can take the live one's place:
 * the timeline scrubber under the canvas picks an event (`at`, in the address as ?at=<seq>) and the view is then the
 * state rebuilt as of it from the stored history (useTimeTravel); the operator's actions wait until Live.
 */

import type { FlowService as ApiClient } from "@mfo/client";
import { type FlowDefinition, isEnded } from "@mfo/schemas";
import { type Edge, type Node, ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useFlow } from "../../client/useFlow.js";
import { changeSelection, NO_SELECTION, nodeLabel, positioned, toGraph } from "../../core/index.js";
import type { EditorSelection } from "../../hooks/useEditor.js";
import { Canvas } from "../Canvas/index.js";
import { EventHistory } from "../EventHistory/index.js";
import type { CanvasNodeData } from "../FlowNodeView/index.js";
import { TimelineScrubber } from "../TimelineScrubber/index.js";
import { type Asking, ConfirmAction } from "./ConfirmAction.js";
import { pastView } from "./past-view.js";
import { RefitWhenPanelToggles } from "./RefitWhenPanelToggles.js";
import { type OpenPanel, RunPanels } from "./RunPanels.js";
import { RunToolbar } from "./RunToolbar.js";
import { liveView } from "./run-view-state.js";
import { useTimeTravel } from "./useTimeTravel.js";

export interface RunViewProps {
  api: ApiClient;
  instanceId: string;
  /** The seq of the event to show the run as of (time travel); absent: live. */
  at?: number | undefined;
}

export function RunView({ api, instanceId, at }: RunViewProps) {
  const flow = useFlow(instanceId, { service: api });
  const { instance, events, mode } = flow;
  const feedError = flow.error?.message;
  const [definition, setDefinition] = useState<FlowDefinition | undefined>();
  const [viewError, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<Asking | undefined>();
  const error = viewError ?? feedError;

  useEffect(() => {
    if (!instance || definition) return;
    // A test run of a draft runs its test revision, not a published version.
    const loading = instance.testRevision
      ? api.instanceDefinition(instance.id)
      : api.getVersion(instance.flowType, instance.version).then((v) => v.definition);
    loading.then(
      async (d) => setDefinition(await positioned(d)),
      (e: Error) => setError(e.message),
    );
  }, [api, instance, definition]);

  // The canvas's selection is the run view's: selecting one node (a click, or Enter on a focused node) opens its panel.
  const [selection, setSelection] = useState<EditorSelection>(NO_SELECTION);
  const [resultOpen, setResultOpen] = useState<boolean | undefined>();
  const live = useMemo(
    () => (definition && instance ? liveView(definition, instance, events) : undefined),
    [definition, instance, events],
  );
  const travel = useTimeTravel(api, instanceId, definition, events, at);
  const past = useMemo(() => (travel.state ? pastView(travel.state, events) : undefined), [travel.state, events]);
  const view = past ?? live;
  const inPast = travel.at !== undefined;
  const ended = instance ? isEnded(instance.status) : false;
  const selectedNode = selection.nodes.length === 1 ? selection.nodes[0] : undefined;
  // The Result panel opens by itself once the run has ended, unless the operator closed it or picked a node.
  const panel: OpenPanel = selectedNode
    ? { kind: "node", nodeId: selectedNode }
    : (resultOpen ?? ended)
      ? { kind: "result" }
      : undefined;
  const closePanel = useCallback(() => {
    setSelection(NO_SELECTION);
    // Closing a panel before the end must not stop the Result panel from opening by itself when the run ends.
    if (ended) setResultOpen(false);
  }, [ended]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented && !document.querySelector("dialog[open], [role=dialog]"))
        closePanel();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [closePanel]);

  const graph = useMemo(() => (definition ? toGraph(definition) : undefined), [definition]);
  const decorate = useCallback(
    (node: Node): Node => {
      const run = view?.states.get(node.id);
      return run ? { ...node, data: { ...(node.data as CanvasNodeData), run } } : node;
    },
    [view],
  );
  // Before anything left the start node, no edge is "not taken" yet: all are drawn as usual.
  const decorateEdge = useCallback(
    (edge: Edge): Edge => {
      if (!view || view.takenEdges.size === 0) return edge;
      const taken = view.takenEdges.has(edge.id);
      const className = [edge.className, taken ? "edge-taken" : "edge-not-taken"].filter(Boolean).join(" ");
      return { ...edge, className, ariaLabel: `${edge.label ?? edge.id}: ${taken ? "taken" : "not taken"}` };
    },
    [view],
  );

  // The flow controller keeps a refused action's error in its state (shown as feedError) and re-reads after one.
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  if (error && !instance)
    return (
      <main className="page">
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  if (!instance || !definition || !graph || !view) return <p aria-busy="true">Loading…</p>;
  const waiting = instance.status === "waiting" || instance.status === "running" ? instance.currentNodes : [];
  const labelOf = (id: string) => {
    const node = definition.nodes.find((n) => n.id === id);
    return node ? nodeLabel(node) : id;
  };
  const lastError = past ? travel.state?.lastError : instance.lastError;
  const approvals = waiting.filter((id) => definition.nodes.find((n) => n.id === id)?.type === "approval");
  const manual = waiting.filter((id) => {
    const node = definition.nodes.find((n) => n.id === id);
    return node?.type === "phase" && node.trigger === "manual" && instance.context.phases[id]?.status !== "running";
  });
  return (
    <div className="run-view" data-as-of={view.asOfSeq}>
      <RunToolbar
        instance={instance}
        status={past ? past.status : (flow.status ?? instance.status)}
        mode={mode}
        // Acting on the run while looking at its past would act on a state not shown: Live first.
        busy={busy || inPast}
        labelOf={labelOf}
        approvals={approvals}
        manual={manual}
        resultOpen={panel?.kind === "result"}
        onApprove={(node) => setAsking({ kind: "approve", node })}
        onReject={(node) => setAsking({ kind: "reject", node })}
        onExecute={(node) => act(() => flow.execute(node))}
        onPause={() => act(flow.pause)}
        onResume={() => act(flow.resume)}
        onCancel={() => setAsking({ kind: "cancel" })}
        onResult={() => {
          const open = panel?.kind !== "result";
          setSelection(NO_SELECTION);
          setResultOpen(open);
        }}
      />
      {error ? (
        <p role="alert" className="error notice">
          {error}
        </p>
      ) : null}
      {inPast ? (
        <p className="notice run-past-hint" data-testid="past-hint">
          {travel.error ??
            (travel.state
              ? `As it was at event ${travel.state.index + 1} of ${events.length} (${travel.state.status}). Actions are off while you look at the past: press Live to act.`
              : "Reading the run's history…")}
        </p>
      ) : null}
      {lastError ? (
        <p className="error notice">
          {lastError.nodeId ? `${lastError.nodeId}: ` : ""}
          {lastError.message}
        </p>
      ) : null}
      <div className={`workspace run${panel ? " with-panel" : ""}`}>
        <ReactFlowProvider>
          <Canvas
            graph={graph}
            selection={selection}
            onSelectionChange={(change) => setSelection((current) => changeSelection(current, change))}
            readOnly
            decorate={decorate}
            decorateEdge={decorateEdge}
          />
          <RefitWhenPanelToggles open={panel !== undefined} />
        </ReactFlowProvider>
        <RunPanels
          api={api}
          instanceId={instanceId}
          definition={definition}
          view={view}
          panel={panel}
          lastError={lastError}
          onClose={closePanel}
        />
        <EventHistory events={events} upTo={past ? view.events.length : undefined} />
      </div>
      <TimelineScrubber events={events} at={travel.at} onChange={travel.setAt} labelOf={labelOf} />
      {asking ? (
        <ConfirmAction
          asking={asking}
          label={asking.kind === "cancel" ? "" : labelOf(asking.node)}
          subject={`${instance.flowType} v${instance.version} · ${instance.name ?? "instance"} (${instance.id})`}
          onClose={() => setAsking(undefined)}
          onConfirm={(text) => {
            setAsking(undefined);
            const said = text || undefined;
            if (asking.kind === "cancel") void act(() => flow.cancel(said));
            else if (asking.kind === "approve") void act(() => flow.approve(asking.node, said));
            else void act(() => flow.reject(asking.node, said));
          }}
        />
      ) : null}
    </div>
  );
}
