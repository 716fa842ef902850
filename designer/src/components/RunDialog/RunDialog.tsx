/**
 * Starts an instance, saying what runs. From the editor's draft when it differs from the latest published version
 * (or was never published): "Run draft" test-runs the draft as it is on screen, unpublished, with the input form
 * built from that same draft; a draft with problems lists them instead and cannot run; "Publish and run" publishes
 * it first (disabled, with the reason, while the draft has problems). Otherwise "Runs published v3", with the form
 * generated from THAT version's `input` schema (a JSON object field when it has none). When the schema carries
 * `examples`, the first one is offered as the flow's sample input (the templates ship one each).
 */
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { type FormEvent, useState } from "react";
import { SchemaForm } from "../SchemaForm/index.js";
import { AnyInput } from "./AnyInput.js";

/** A published version and its definition. */
export interface PublishedVersion {
  version: number;
  definition: FlowDefinition;
}

/** The draft on screen, when "Publish and run" is offered. */
export interface DraftToPublish {
  definition: FlowDefinition;
  /** Why it cannot be published now (its problems); undefined when it can. */
  blocked?: string | undefined;
  /** The draft's problems (the editor's): listed, and the draft cannot be test-run while there are any. */
  problems?: readonly ValidationError[] | undefined;
}

export interface RunDialogProps {
  /** The version "Run" starts; its input schema builds the form. null: never published (only "Publish and run"). */
  published: PublishedVersion | null;
  /** The draft, when it differs from `published` (always when never published): offers "Publish and run". */
  draft?: DraftToPublish | undefined;
  /** Starts `published`. */
  onRun(input: Record<string, unknown>): Promise<void>;
  /** Publishes the draft, then starts the new version. */
  onPublishAndRun?(input: Record<string, unknown>): Promise<void>;
  /** Test-runs the draft as it is on screen, unpublished; when given (with a draft) it replaces "Run vN". */
  onTestRun?(input: Record<string, unknown>): Promise<void>;
  onClose(): void;
}

/** The first of the input schema's `examples`, when it is an object (what a run of the flow takes). */
export function sampleInputOf(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const first = Array.isArray(schema?.examples) ? (schema.examples as unknown[])[0] : undefined;
  return first !== null && typeof first === "object" && !Array.isArray(first)
    ? (first as Record<string, unknown>)
    : undefined;
}

export function RunDialog({ published, draft, onRun, onPublishAndRun, onTestRun, onClose }: RunDialogProps) {
  // The draft's test run replaces "Run vN": then the form, like the run, follows the draft on screen.
  const testing = draft !== undefined && onTestRun !== undefined;
  const problems = draft?.problems ?? [];
  // The form follows what "Run" starts; a flow never published has only its draft.
  const definition = (testing ? draft.definition : (published?.definition ?? draft?.definition)) as FlowDefinition;
  const schema = typeof definition.input === "object" ? definition.input : undefined;
  const sample = sampleInputOf(schema as Record<string, unknown> | undefined);
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const canPublish = draft !== undefined && draft.blocked === undefined && onPublishAndRun !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Two submit buttons: the browser checks the form for both, and says which one was pressed.
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLElement | null;
    const action = submitter?.dataset.action ?? (testing ? "test" : published ? "run" : "publish");
    if (action === "publish" && !canPublish) return;
    if (action === "test" && problems.length > 0) return;
    setBusy(true);
    try {
      await (action === "publish" ? onPublishAndRun?.(value) : action === "test" ? onTestRun?.(value) : onRun(value));
    } catch (e) {
      const problems = ((e as { errors?: ValidationError[] }).errors ?? []).map((x) => ({
        path: x.path.replace(/^\/input/, ""),
        message: x.message,
      }));
      setErrors(problems);
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const next = (published?.version ?? 0) + 1;
  return (
    <div className="dialog-backdrop">
      {/* The dialog is a div around the form: a form may not take the dialog role (axe: aria-allowed-role). */}
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="run-title">
        <h2 id="run-title">Run {definition.name}</h2>
        {testing ? (
          <p className="run-version">
            Runs the draft as it is on screen, as a test run: nothing is published, and the run stays out of the
            instance list and analytics.{published ? "" : " This flow has never been published."}
          </p>
        ) : published ? (
          <p className="run-version">Runs published v{published.version}</p>
        ) : (
          <p className="run-version">
            This flow has never been published: Publish and run publishes the draft as v1, then starts it.
          </p>
        )}
        {testing && problems.length > 0 ? (
          <div className="run-problems" id="run-problems">
            <p className="error">The draft cannot run until its problems are fixed:</p>
            <ul aria-label="Problems">
              {problems.map((p) => (
                <li key={`${p.path} ${p.code} ${p.message}`}>
                  {p.nodeId ? <strong>{p.nodeId}: </strong> : null}
                  {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {published && draft && !testing ? (
          <p className="notice" role="note">
            The draft differs from v{published.version}: Run v{published.version} runs v{published.version} as it was
            published; Publish and run publishes the draft as v{next} and starts that.
          </p>
        ) : null}
        {draft?.blocked ? (
          <p className="error" id="run-blocked">
            Publish and run: fix the draft's problems first ({draft.blocked}).
          </p>
        ) : null}
        <form onSubmit={submit}>
          {schema ? (
            <SchemaForm
              schema={schema}
              value={value}
              onChange={(v) => setValue((v ?? {}) as Record<string, unknown>)}
              errors={errors}
              idPrefix="input"
              expressions={false}
            />
          ) : (
            // No input schema: the flow takes any object, so the operator can still pass one, as JSON.
            <AnyInput onChange={setValue} errors={errors} />
          )}
          {failure ? (
            <p role="alert" className="error">
              {failure}
            </p>
          ) : null}
          <div className="dialog-actions">
            {sample ? (
              <button type="button" onClick={() => setValue(structuredClone(sample))}>
                Use sample input
              </button>
            ) : null}
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            {/* "Run draft" or "Run vN" comes first: Enter in a field runs, never publishes. */}
            {testing ? (
              <button
                type="submit"
                className="primary"
                data-action="test"
                disabled={busy || problems.length > 0}
                aria-describedby={problems.length > 0 ? "run-problems" : undefined}
              >
                Run draft
              </button>
            ) : null}
            {published && !testing ? (
              <button type="submit" className="primary" data-action="run" disabled={busy}>
                Run v{published.version}
              </button>
            ) : null}
            {draft ? (
              <button
                type="submit"
                className={published || testing ? undefined : "primary"}
                data-action="publish"
                disabled={busy || !canPublish}
                aria-describedby={draft.blocked ? "run-blocked" : undefined}
              >
                Publish and run
              </button>
            ) : null}
          </div>
        </form>
      </div>
    </div>
  );
}
