/**
 * Starts an instance, saying which version: "Runs published v3", with an input form generated from THAT version's
 * `input` schema (a JSON object field when it has none). When the draft on screen differs from it, or was never published, the
 * dialog says so and offers "Publish and run" (disabled, with the reason, while the draft has problems). When the
 * schema carries `examples`, the first one is offered as the flow's sample input (the templates ship one each).
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
  onClose(): void;
}

/** The first of the input schema's `examples`, when it is an object (what a run of the flow takes). */
export function sampleInputOf(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const first = Array.isArray(schema?.examples) ? (schema.examples as unknown[])[0] : undefined;
  return first !== null && typeof first === "object" && !Array.isArray(first)
    ? (first as Record<string, unknown>)
    : undefined;
}

export function RunDialog({ published, draft, onRun, onPublishAndRun, onClose }: RunDialogProps) {
  // The form follows what "Run" starts; a flow never published has only its draft.
  const definition = (published?.definition ?? draft?.definition) as FlowDefinition;
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
    const publishFirst = submitter?.dataset.action === "publish" || !published;
    if (publishFirst && !canPublish) return;
    setBusy(true);
    try {
      await (publishFirst ? onPublishAndRun?.(value) : onRun(value));
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
        {published ? (
          <p className="run-version">Runs published v{published.version}</p>
        ) : (
          <p className="run-version">
            This flow has never been published: Publish and run publishes the draft as v1, then starts it.
          </p>
        )}
        {published && draft ? (
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
            {/* "Run vN" comes first: Enter in a field starts the published version, never publishes. */}
            {published ? (
              <button type="submit" className="primary" data-action="run" disabled={busy}>
                Run v{published.version}
              </button>
            ) : null}
            {draft ? (
              <button
                type="submit"
                className={published ? undefined : "primary"}
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
