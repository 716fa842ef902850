/**
 * Test one phase (the inspector's "Test this phase"), like Step Functions' TestState: the context the phase's "="
 * params and validators see, as JSON to edit (prefilled by the opener), a Run button, and what happened: the
 * resolved params, the output, each validator's verdict, the handler's log lines, the duration or the error.
 */
import type { TestStepResult } from "@mfo/schemas";
import { type FormEvent, useId, useState } from "react";
import { useModalDialog } from "../../hooks/useModalDialog.js";

export interface TestStepDialogProps {
  /** The phase tested. */
  nodeId: string;
  /** The context the editor opens with ({ input, phases, vars }), and where it came from (said under the editor). */
  initialContext: Record<string, unknown>;
  contextSource: string;
  /** Runs the phase with the context; rejects with the API's problem when it refused (its message is shown). */
  onRun(context: Record<string, unknown>): Promise<TestStepResult>;
  onClose(): void;
  /** A result to show from the start (stories). */
  initialResult?: TestStepResult;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function TestStepDialog({
  nodeId,
  initialContext,
  contextSource,
  onRun,
  onClose,
  initialResult,
}: TestStepDialogProps) {
  const id = useId();
  const [text, setText] = useState(() => pretty(initialContext));
  const [result, setResult] = useState<TestStepResult | undefined>(initialResult);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { ref, onKeyDown } = useModalDialog(onClose);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let context: unknown;
    try {
      context = JSON.parse(text);
    } catch (e) {
      setFailure(`The context is not JSON: ${(e as Error).message}`);
      return;
    }
    if (context === null || typeof context !== "object" || Array.isArray(context)) {
      setFailure("The context must be a JSON object: { input, phases, vars }.");
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      setResult(await onRun(context as Record<string, unknown>));
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    // The dialog wraps the form: a form may not take the dialog role (axe: aria-allowed-role).
    <dialog
      ref={ref}
      className="modal dialog test-step"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      onKeyDown={onKeyDown}
    >
      <h2 id={`${id}-title`}>
        Test phase <code>{nodeId}</code>
      </h2>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-context`}>Context (JSON)</label>
        <textarea
          id={`${id}-context`}
          className="dialog-text code"
          rows={10}
          spellCheck={false}
          value={text}
          aria-describedby={`${id}-source`}
          onChange={(event) => setText(event.target.value)}
        />
        <p id={`${id}-source`} className="help">
          {contextSource} The phase's handler and validators run once with it, as in a run (same network guard and time
          limit); nothing is stored.
        </p>
        {failure ? (
          <p role="alert" className="error">
            {failure}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Running…" : "Run"}
          </button>
        </div>
      </form>
      {result ? <StepResult result={result} /> : null}
    </dialog>
  );
}

/** What the step did: verdict and duration, then params, output or error, validators and logs. */
function StepResult({ result }: { result: TestStepResult }) {
  return (
    <section className="test-step-result" aria-label="Result" aria-live="polite">
      <p className={result.ok ? "status status-completed" : "status status-failed"} data-testid="test-step-verdict">
        {result.ok ? "Succeeded" : "Failed"} in {result.durationMs} ms
      </p>
      {result.error ? (
        <p className="error">
          <code>{result.error.code}</code>: {result.error.message}
        </p>
      ) : null}
      {result.input !== undefined ? (
        <>
          <h3>Params</h3>
          <pre className="json">{pretty(result.input)}</pre>
        </>
      ) : null}
      {result.output !== undefined ? (
        <>
          <h3>Output</h3>
          <pre className="json" data-testid="test-step-output">
            {pretty(result.output)}
          </pre>
        </>
      ) : null}
      {result.validators.length > 0 ? (
        <>
          <h3>Validators</h3>
          <ul className="test-step-validators">
            {result.validators.map((v) => (
              <li key={`${v.type} ${v.ok} ${v.message ?? ""}`}>
                {v.ok ? "✓" : "✗"} <code>{v.type}</code>
                {v.message ? `: ${v.message}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Logs</h3>
      {result.logs.length === 0 ? (
        <p className="help">No log lines.</p>
      ) : (
        <pre className="json">
          {result.logs.map((l) => `${l.at} ${l.level} ${l.message}`).join("\n")}
          {result.logsTruncated ? "\n… more lines were dropped" : ""}
        </pre>
      )}
    </section>
  );
}
