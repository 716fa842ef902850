/**
 * The run dialog as the editor opens it: loads the latest published version of the flow on screen (asked for when
 * the dialog opens: an import may have brought another id; or the version shown read-only) and compares the draft on
 * screen with it. A draft that differs (or was never published) is test-run as it is on screen ("Run draft": a test
 * instance of exactly that definition, nothing published) or published first; one that does not runs its version
 * ("Run vN"). Every start names what it runs, so what runs is what the dialog said.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { useEffect, useState } from "react";
import { draftDiffers } from "./draft-differs.js";
import { type PublishedVersion, RunDialog } from "./RunDialog.js";

/**
 * How long a start waits for its instance to end (create and wait), so a quick flow's run view opens on the
 * finished instance; a longer one opens running, as before.
 */
const START_WAIT_SECONDS = 2;

export interface RunFromEditorProps {
  api: ApiClient;
  /** The document on screen. */
  doc: FlowDefinition;
  /** The version shown read-only, which "Run" starts; ignored for the draft (the latest published one runs). */
  version: number | null;
  /** Whether the document is the editable draft (then "Publish and run" is offered when it differs). */
  editable: boolean;
  /** Why the draft cannot be published now; undefined when it can. */
  blocked: string | undefined;
  /** The draft's problems (the editor's): listed in the dialog; a draft with any cannot be test-run. */
  problems?: readonly ValidationError[];
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
  problems = [],
  publish,
  onStarted,
  onClose,
}: RunFromEditorProps) {
  const [published, setPublished] = useState<PublishedVersion | null | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    const load = async (): Promise<PublishedVersion | null> => {
      const pinned = editable ? await latestVersion(api, doc.id) : version;
      if (pinned === null) return null;
      const found = await api.getVersion(doc.id, pinned);
      return { version: found.version, definition: found.definition };
    };
    load().then(
      (found) => current && setPublished(found),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [api, doc.id, editable, version]);

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
    const { instance } = await api.run(doc.id, input, { version: pinned, wait: START_WAIT_SECONDS });
    onStarted(instance.id);
  };
  return (
    <RunDialog
      // A new version is a new form (its input schema may differ).
      key={published?.version ?? 0}
      published={published}
      draft={differs ? { definition: doc, blocked, problems } : undefined}
      onRun={(input) => start(input, (published as PublishedVersion).version)}
      onTestRun={async (input) => {
        const instance = await api.testRun(doc.id, { definition: doc, input }, { wait: START_WAIT_SECONDS });
        onStarted(instance.id);
      }}
      onPublishAndRun={async (input) => {
        const next = await publish();
        if (next === undefined) throw new Error("The draft was not published: the editor's notice says why.");
        await start(input, next);
      }}
      onClose={onClose}
    />
  );
}

/**
 * The flow type's latest published version; null when it has none (or no flow type has that id yet). Read from the
 * list, archived ones included: a flow not saved yet is no 404 (which the browser would log as an error).
 */
async function latestVersion(api: ApiClient, flowType: string): Promise<number | null> {
  const { items } = await api.listFlowTypes({ archived: true });
  return items.find((t) => t.id === flowType)?.latestVersion ?? null;
}
