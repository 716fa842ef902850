/** The run view's toolbar: the instance's status and place, the live feed's mode, and the operator's actions. */
import type { FeedMode } from "@mfo/client";
import { type Instance, isEnded } from "@mfo/schemas";
import { navigate } from "../../hooks/useRoute.js";

const FEED_LABELS: Record<FeedMode, string> = { connecting: "", live: "live", polling: "refreshing", ended: "" };
const FEED_TITLES: Record<FeedMode, string> = {
  connecting: "",
  live: "updates as they happen (event stream)",
  polling: "the event stream is unavailable; refreshing every second",
  ended: "",
};

export interface RunToolbarProps {
  instance: Instance;
  status: string;
  mode: FeedMode;
  busy: boolean;
  labelOf(id: string): string;
  approvals: string[];
  manual: string[];
  resultOpen: boolean;
  onApprove(node: string): void;
  onReject(node: string): void;
  onExecute(node: string): void;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
  onResult(): void;
}

export function RunToolbar(props: RunToolbarProps) {
  const { instance, status, mode, busy, labelOf, approvals, manual } = props;
  return (
    <div className="toolbar" role="toolbar" aria-label="Instance">
      <strong>
        {instance.flowType} v{instance.version}
      </strong>
      <span className={`status status-${status}`} data-testid="instance-status">
        {status}
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
            onClick={() => props.onApprove(id)}
          >
            Approve {labelOf(id)}
          </button>
          <button
            type="button"
            className="run-action"
            title={`Reject ${labelOf(id)}`}
            disabled={busy}
            onClick={() => props.onReject(id)}
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
          onClick={() => props.onExecute(id)}
        >
          Execute {labelOf(id)}
        </button>
      ))}
      {instance.status === "paused" || instance.status === "failed" || instance.status === "quarantined" ? (
        <button type="button" disabled={busy} onClick={props.onResume}>
          Resume
        </button>
      ) : null}
      {instance.status === "running" || instance.status === "waiting" ? (
        <button type="button" disabled={busy} onClick={props.onPause}>
          Pause
        </button>
      ) : null}
      {!isEnded(instance.status) ? (
        <button type="button" disabled={busy} onClick={props.onCancel}>
          Cancel
        </button>
      ) : null}
      <button type="button" aria-pressed={props.resultOpen} onClick={props.onResult}>
        Result
      </button>
      <button type="button" onClick={() => navigate(`/flows/${instance.flowType}/edit`)}>
        Open flow
      </button>
    </div>
  );
}
