/** Switches between the editable draft and the read-only published versions of a flow type. */

import type { FlowService as ApiClient } from "@mfo/client";
import type { VersionSummary } from "@mfo/schemas";
import { useEffect, useState } from "react";
import { navigate } from "../../hooks/useRoute.js";

export interface VersionPickerProps {
  api: ApiClient;
  flowType: string;
  /** The version shown; undefined for the draft. */
  current: number | undefined;
}

/** Give it a `key` that changes on publish, so the list reloads. */
export function VersionPicker({ api, flowType, current }: VersionPickerProps) {
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  useEffect(() => {
    api.getFlowType(flowType).then(
      (detail) => setVersions(detail.versions),
      () => setVersions([]),
    );
  }, [api, flowType]);
  return (
    <label className="version-picker">
      <span className="sr-only">Version</span>
      <select
        value={current === undefined ? "draft" : String(current)}
        onChange={(e) =>
          navigate(
            e.target.value === "draft" ? `/flows/${flowType}/edit` : `/flows/${flowType}?version=${e.target.value}`,
          )
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
  );
}
