/**
 * The run view: the instance's flow version on a read-only canvas, each node coloured by its state, kept live
 * by the instance's event stream (polling where streaming fails), with the operator's actions (pause, resume,
 * cancel, approve, reject, execute a manual phase) and the event history. Actions name their node by its label;
 * approve, reject and cancel cannot be undone, so each asks for confirmation and takes a comment (or a reason)
 * that the history keeps beside who acted.
 */

import type { FlowService as ApiClient, FeedMode } from "@mfo/client";
import { type FlowDefinition, isEnded } from "@mfo/schemas";
import { type Node, ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useFlow } from "../../client/useFlow.js";
import { nodeLabel, positioned, toGraph } from "../../core/index.js";
import { navigate } from "../../hooks/useRoute.js";
import { Canvas } from "../Canvas/index.js";
import { EventHistory } from "../EventHistory/index.js";
import type { CanvasNodeData } from "../FlowNodeView/index.js";
import { ActionDialog } from "./action-dialog.js";
import { runStates } from "./run-states.js";

const FEED_LABELS: Record<FeedMode, string> = { connecting: "", live: "live", polling: "refreshing", ended: "" };
const FEED_TITLES: Record<FeedMode, string> = {
  connecting: "",
  live: "updates as they happen (event stream)",
  polling: "the event stream is unavailable; refreshing every second",
  ended: "",
};

/** An action awaiting the operator's confirmation: a decision on an approval node, or cancelling the instance. */
type Asking = { kind: "approve" | "reject"; node: string } | { kind: "cancel" };

export interface RunViewProps {
  api: ApiClient;
  instanceId: string;
}

export function RunView({ api, instanceId }: RunViewProps) {
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

  const states = useMemo(
    () => (definition && instance ? runStates(definition, instance, events) : undefined),
    [definition, instance, events],
  );
  const graph = useMemo(() => (definition ? toGraph(definition) : undefined), [definition]);
  const decorate = useCallback(
    (node: Node): Node => {
      const run = states?.get(node.id);
      return run ? { ...node, data: { ...(node.data as CanvasNodeData), run } } : node;
    },
    [states],
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
  if (!instance || !definition || !graph) return <p aria-busy="true">Loading…</p>;
  const waiting = instance.status === "waiting" || instance.status === "running" ? instance.currentNodes : [];
  const labelOf = (id: string) => {
    const node = definition.nodes.find((n) => n.id === id);
    return node ? nodeLabel(node) : id;
  };
  const approvals = waiting.filter((id) => definition.nodes.find((n) => n.id === id)?.type === "approval");
  const manual = waiting.filter((id) => {
    const node = definition.nodes.find((n) => n.id === id);
    return node?.type === "phase" && node.trigger === "manual" && instance.context.phases[id]?.status !== "running";
  });
  return (
    <div className="run-view">
      <div className="toolbar" role="toolbar" aria-label="Instance">
        <strong>
          {instance.flowType}{" "}
          {instance.testRevision ? <span className="test-run-badge">Test run</span> : `v${instance.version}`}
        </strong>
        <span className={`status status-${flow.status ?? instance.status}`} data-testid="instance-status">
          {flow.status ?? instance.status}
        </span>
        <span className="help" data-testid="instance-progress">
          {instance.progress ? `${instance.progress.done}/${instance.progress.total} steps` : ""}
          {instance.currentNodes.length
            ? ` · ${instance.status === "paused" ? "paused at" : "at"} ${instance.currentNodes.map(labelOf).join(", ")}`
            : ""}
        </span>
        <span className={`help feed feed-${mode}`} data-testid="feed-mode" title={FEED_TITLES[mode]}>
          {FEED_LABELS[mode]}
        </span>
        <span className="spacer" />
        {approvals.map((id) => (
          <span key={id} className="group">
            <button
              type="button"
              className="primary run-action"
              title={`Approve ${labelOf(id)}`}
              disabled={busy}
              onClick={() => setAsking({ kind: "approve", node: id })}
            >
              Approve {labelOf(id)}
            </button>
            <button
              type="button"
              className="run-action"
              title={`Reject ${labelOf(id)}`}
              disabled={busy}
              onClick={() => setAsking({ kind: "reject", node: id })}
            >
              Reject {labelOf(id)}
            </button>
          </span>
        ))}
        {manual.map((id) => (
          <button
            key={id}
            type="button"
            className="primary run-action"
            title={`Execute ${labelOf(id)}`}
            disabled={busy}
            onClick={() => act(() => flow.execute(id))}
          >
            Execute {labelOf(id)}
          </button>
        ))}
        {instance.status === "paused" || instance.status === "failed" || instance.status === "quarantined" ? (
          <button type="button" disabled={busy} onClick={() => act(flow.resume)}>
            Resume
          </button>
        ) : null}
        {instance.status === "running" || instance.status === "waiting" ? (
          <button type="button" disabled={busy} onClick={() => act(flow.pause)}>
            Pause
          </button>
        ) : null}
        {!isEnded(instance.status) ? (
          <button type="button" disabled={busy} onClick={() => setAsking({ kind: "cancel" })}>
            Cancel
          </button>
        ) : null}
        <button type="button" onClick={() => navigate(`/flows/${instance.flowType}/edit`)}>
          Open flow
        </button>
      </div>
      {error ? (
        <p role="alert" className="error notice">
          {error}
        </p>
      ) : null}
      {instance.lastError ? (
        <p className="error notice">
          {instance.lastError.nodeId ? `${instance.lastError.nodeId}: ` : ""}
          {instance.lastError.message}
        </p>
      ) : null}
      <div className="workspace run">
        <ReactFlowProvider>
          <Canvas graph={graph} selection={{ nodes: [], edges: [] }} readOnly decorate={decorate} />
        </ReactFlowProvider>
        <EventHistory events={events} />
      </div>
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

/** The confirmation of an approve, a reject or a cancel: what each says, asks for and calls its button. */
function ConfirmAction(props: {
  asking: Asking;
  label: string;
  subject: string;
  onConfirm(text: string): void;
  onClose(): void;
}) {
  const { asking, label, subject, onConfirm, onClose } = props;
  if (asking.kind === "cancel")
    return (
      <ActionDialog
        title="Cancel this instance?"
        subject={`${subject}. It stops for good: a cancelled instance cannot be resumed.`}
        fieldLabel="Reason (optional)"
        hint="Kept in the history with your name."
        confirm="Cancel instance"
        dismiss="Keep running"
        danger
        onConfirm={onConfirm}
        onClose={onClose}
      />
    );
  const approve = asking.kind === "approve";
  return (
    <ActionDialog
      title={`${approve ? "Approve" : "Reject"} ${label}`}
      subject={subject}
      fieldLabel="Comment (optional)"
      hint={
        approve
          ? "Kept in the history with your name."
          : "Say why, so whoever asked knows what to change; kept in the history with your name."
      }
      confirm={approve ? "Approve" : "Reject"}
      dismiss="Back"
      danger={!approve}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
