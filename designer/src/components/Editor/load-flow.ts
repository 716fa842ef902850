/** What the editor opens: a flow type's draft (else its latest version), a template copy, or a new flow. */

import { type FlowService as ApiClient, FlowServiceError as ApiError } from "@mfo/client";
import type { FlowDefinition } from "@mfo/schemas";
import { emptyFlow, positioned } from "../../core/index.js";
import { freeFlowTypeId } from "./free-id.js";

export interface Opened {
  doc: FlowDefinition;
  /** The flow type id drafts are saved under, once known. */
  flowType: string | undefined;
  latestVersion: number | null;
  /** A published version shown read-only. */
  readOnly: boolean;
}

export async function openFlow(
  api: ApiClient,
  target: { flowType?: string; version?: number; from?: string },
): Promise<Opened> {
  if (target.flowType && target.version) {
    const version = await api.getVersion(target.flowType, target.version);
    return {
      doc: await positioned(version.definition),
      flowType: target.flowType,
      latestVersion: version.version,
      readOnly: true,
    };
  }
  if (target.flowType) {
    const detail = await api.getFlowType(target.flowType);
    const doc = (detail.draft?.definition ?? detail.latest?.definition) as FlowDefinition | undefined;
    if (!doc) throw new ApiError(404, "Not found", `flow type "${target.flowType}" has nothing to open`);
    const { version: _v, ...editable } = doc;
    return {
      doc: await positioned(editable as FlowDefinition),
      flowType: target.flowType,
      latestVersion: detail.latest?.version ?? null,
      readOnly: false,
    };
  }
  if (target.from) {
    const detail = await api.getFlowType(target.from);
    const source = detail.latest?.definition;
    if (!source) throw new ApiError(404, "Not found", `template "${target.from}" is not published`);
    const { version: _v, ...copy } = source;
    const id = await freeFlowTypeId(api, `${source.id}-copy`);
    const doc = await positioned({ ...copy, id, name: `${source.name} (copy)` });
    return { doc, flowType: undefined, latestVersion: null, readOnly: false };
  }
  return {
    doc: emptyFlow({ id: await freeFlowTypeId(api, "new-flow"), name: "New flow" }),
    flowType: undefined,
    latestVersion: null,
    readOnly: false,
  };
}
