/**
 * Switches between the editable draft and the read-only published versions of a flow type; a version shown can be
 * restored as the draft (after a confirmation: it replaces the draft there is).
 */

import type { FlowService as ApiClient } from "@mfo/client";
import type { VersionSummary } from "@mfo/schemas";
import { useEffect, useState } from "react";
import { editPath, navigate } from "../../hooks/useRoute.js";
import { ConfirmDialog } from "../ConfirmDialog/index.js";

export interface VersionPickerProps {
  api: ApiClient;
  flowType: string;
  /** The version shown; undefined for the draft. */
  current: number | undefined;
}

/** Give it a `key` that changes on publish, so the list reloads. */
export function VersionPicker({ api, flowType, current }: VersionPickerProps) {
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [restoring, setRestoring] = useState(false);
  useEffect(() => {
    api.getFlowType(flowType).then(
      (detail) => setVersions(detail.versions),
      () => setVersions([]),
    );
  }, [api, flowType]);
  return (
    <>
      <label className="version-picker">
        <span className="sr-only">Version</span>
        <select
          value={current === undefined ? "draft" : String(current)}
          onChange={(e) =>
            navigate(e.target.value === "draft" ? editPath(flowType) : `/flows/${flowType}?version=${e.target.value}`)
          }
        >
          <option value="draft">Draft (editing)</option>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version} · {new Date(v.publishedAt).toLocaleString()}
            </option>
          ))}
        </select>
      </label>
      {current !== undefined ? (
        <button type="button" onClick={() => setRestoring(true)}>
          Restore as draft
        </button>
      ) : null}
      {restoring && current !== undefined ? (
        <ConfirmDialog
          title={`Restore v${current} as the draft?`}
          confirm="Restore"
          onCancel={() => setRestoring(false)}
          onConfirm={async () => {
            await api.restoreVersion(flowType, current);
            navigate(editPath(flowType));
          }}
        >
          <p>
            The draft of <code>{flowType}</code> becomes v{current} as published, replacing the draft there is.
            Published versions do not change.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
