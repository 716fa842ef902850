/**
 * The editor's toolbar: the flow's name, its versions (a version shown read-only can be restored as the draft),
 * whether the draft is saved, undo/redo, layout, fit, the JSON view toggle, the Triggers panel toggle (schedules
 * and webhooks), publish (disabled while problems exist) and run (its dialog says which version it starts, and
 * offers to publish the draft first).
 */
import type { FlowService as ApiClient } from "@mfo/client";
import { VersionPicker } from "./VersionPicker.js";

export type SaveState = "saved" | "unsaved" | "saving" | "error";

const SAVE_LABELS: Record<SaveState, string> = {
  saved: "Saved",
  unsaved: "Unsaved changes",
  saving: "Saving…",
  error: "Not saved",
};

export interface EditorToolbarProps {
  api: ApiClient;
  /** The flow's name (its id when it has none). */
  title: string;
  /** The flow type drafts are saved under; the version picker shows once it is known. */
  flowType: string | undefined;
  /** The latest published version (the one shown, when read-only); null before the first publish. */
  latest: number | null;
  readOnly: boolean;
  save: SaveState;
  canUndo: boolean;
  canRedo: boolean;
  canPublish: boolean;
  /** Whether the JSON view is open instead of the inspector. */
  json: boolean;
  /** Whether the Triggers panel (schedules, webhooks) is open instead of the inspector. */
  triggers?: boolean;
  onUndo(): void;
  onRedo(): void;
  onLayout(): void;
  onFit(): void;
  onToggleJson(): void;
  /** Opens or closes the Triggers panel (absent: no Triggers button). */
  onToggleTriggers?: () => void;
  onPublish(): void;
  onRun(): void;
}

export function EditorToolbar(props: EditorToolbarProps) {
  const { api, title, flowType, latest, readOnly, save, canUndo, canRedo, canPublish, json } = props;
  return (
    <div className="toolbar" role="toolbar" aria-label="Editor">
      {/* A long name is cut with an ellipsis (styles.css); the whole name is in the tooltip. */}
      <strong className="flow-title" title={title}>
        {title}
      </strong>
      {flowType ? (
        // Keyed by the latest version, so the list reloads after a publish.
        <VersionPicker
          key={latest ?? 0}
          api={api}
          flowType={flowType}
          current={readOnly ? (latest ?? undefined) : undefined}
        />
      ) : null}
      <span className={`save save-${save}`} aria-live="polite">
        {readOnly ? `v${latest} (read-only)` : SAVE_LABELS[save]}
      </span>
      <button type="button" onClick={props.onUndo} disabled={!canUndo || readOnly} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={props.onRedo} disabled={!canRedo || readOnly} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" disabled={readOnly} onClick={props.onLayout}>
        Auto layout
      </button>
      <button type="button" onClick={props.onFit}>
        Fit
      </button>
      <button type="button" aria-pressed={json} onClick={props.onToggleJson}>
        JSON
      </button>
      {props.onToggleTriggers ? (
        <button type="button" aria-pressed={props.triggers === true} onClick={props.onToggleTriggers}>
          Triggers
        </button>
      ) : null}
      <span className="spacer" />
      <button
        type="button"
        className="primary"
        disabled={!canPublish}
        onClick={props.onPublish}
        title={canPublish ? "" : "fix the problems first"}
      >
        Publish
      </button>
      <button type="button" onClick={props.onRun}>
        Run
      </button>
    </div>
  );
}
