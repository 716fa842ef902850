/**
 * The run dialog as the editor opens it: loads the version Run would start (the latest published one, or the one
 * shown read-only), compares the draft on screen with it, and wires "Run vN" and "Publish and run" to the API.
 * Every start names its version, so what runs is what the dialog said.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowDefinition } from "@mfo/schemas";
import { useEffect, useState } from "react";
import { draftDiffers } from "./draft-differs.js";
import { type PublishedVersion, RunDialog } from "./RunDialog.js";

export interface RunFromEditorProps {
  api: ApiClient;
  /** The document on screen. */
  doc: FlowDefinition;
  /** The version "Run" starts: the latest published (null: none yet), or the one shown read-only. */
  version: number | null;
  /** Whether the document is the editable draft (then "Publish and run" is offered when it differs). */
  editable: boolean;
  /** Why the draft cannot be published now; undefined when it can. */
  blocked: string | undefined;
  /** Publishes the draft; resolves to the new version, undefined when publishing failed (the editor says why). */
  publish(): Promise<number | undefined>;
  onStarted(instanceId: string): void;
  onClose(): void;
}

export function RunFromEditor({
  api,
  doc,
  version,
  editable,
  blocked,
  publish,
  onStarted,
  onClose,
}: RunFromEditorProps) {
  const [published, setPublished] = useState<PublishedVersion | null | undefined>(version === null ? null : undefined);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (version === null) return setPublished(null);
    let current = true;
    api.getVersion(doc.id, version).then(
      (v) => current && setPublished({ version: v.version, definition: v.definition }),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [api, doc.id, version]);

  if (error)
    return (
      <div className="dialog-backdrop">
        <div className="dialog" role="alertdialog" aria-modal="true" aria-label="Run">
          <p role="alert" className="error">
            {error}
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      </div>
    );
  if (published === undefined) return null;
  const differs = editable && (published === null || draftDiffers(doc, published.definition));
  const start = async (input: Record<string, unknown>, pinned: number) => {
    const instance = await api.createFlow({ flowType: doc.id, version: pinned, input });
    onStarted(instance.id);
  };
  return (
    <RunDialog
      // A new version is a new form (its input schema may differ).
      key={published?.version ?? 0}
      published={published}
      draft={differs ? { definition: doc, blocked } : undefined}
      onRun={(input) => start(input, (published as PublishedVersion).version)}
      onPublishAndRun={async (input) => {
        const next = await publish();
        if (next === undefined) throw new Error("The draft was not published: the editor's notice says why.");
        await start(input, next);
      }}
      onClose={onClose}
    />
  );
}
