/**
 * The confirmation before a flow type's draft is deleted or the flow type archived. Archiving asks the API first how
 * many instances the flow type has, so the question can name them ("It has 12 instances (3 active).").
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowTypeSummary, InstanceCount } from "@mfo/schemas";
import { useEffect, useState } from "react";
import { ConfirmDialog } from "../ConfirmDialog/index.js";

/** What is being put away. */
export interface Removal {
  kind: "draft" | "archive";
  flowType: FlowTypeSummary;
}

export interface RemoveFlowTypeProps {
  api: ApiClient;
  removal: Removal;
  /** After the change (the list reloads). */
  onDone(): Promise<void> | void;
  onCancel(): void;
}

const instances = (n: number) => `${n} ${n === 1 ? "instance" : "instances"}`;

export function RemoveFlowType({ api, removal, onDone, onCancel }: RemoveFlowTypeProps) {
  const { kind, flowType } = removal;
  const [count, setCount] = useState<InstanceCount | Error | undefined>();
  useEffect(() => {
    if (kind !== "archive") return;
    api.instanceCount(flowType.id).then(setCount, (e: Error) => setCount(e));
  }, [api, kind, flowType.id]);

  if (kind === "draft")
    return (
      <ConfirmDialog
        title={`Delete the draft of “${flowType.name}”?`}
        confirm="Delete draft"
        danger
        onCancel={onCancel}
        onConfirm={async () => {
          await api.deleteDraft(flowType.id);
          await onDone();
        }}
      >
        <p>
          {flowType.latestVersion === null
            ? "It was never published: the flow type leaves the list with its draft."
            : `Its unpublished changes are lost; the published v${flowType.latestVersion} stays as it is.`}
        </p>
      </ConfirmDialog>
    );
  // The question waits for the count: asking without it is what this dialog is here to avoid.
  if (count === undefined) return <p aria-busy="true">Counting the instances of {flowType.name}…</p>;
  const counted =
    count instanceof Error
      ? `Its instances could not be counted (${count.message}).`
      : `It has ${instances(count.total)} (${count.active} active).`;
  return (
    <ConfirmDialog
      title={`Archive “${flowType.name}”? ${counted}`}
      confirm="Archive"
      danger
      onCancel={onCancel}
      onConfirm={async () => {
        await api.archiveFlowType(flowType.id);
        await onDone();
      }}
    >
      <p>
        It leaves this list and takes no new instances; those it has keep running and stay in Instances. Publishing it
        again brings it back.
      </p>
    </ConfirmDialog>
  );
}
