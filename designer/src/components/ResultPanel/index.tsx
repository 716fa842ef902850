/**
 * The Result panel: how the run ended (completed, failed or cancelled, at which end node, with what outcome) and
 * the flow's final context: the input and each phase's output, each in the ValueView (tables for lists of records).
 * A run that has not ended says so and shows the context so far. `context` and `events` may be a time-travel view.
 */
import type { FlowDefinition, FlowEvent, InstanceContext, InstanceStatus, NodeError } from "@mfo/schemas";
import { expressionPath } from "../JsonTree/json-rows.js";
import { ValueView } from "../ValueView/index.js";
import { phaseOutputs, runResult } from "./run-result.js";
import "../NodeDataPanel/node-data-panel.css";

export interface ResultPanelProps {
  status: InstanceStatus;
  definition: FlowDefinition;
  events: readonly FlowEvent[];
  context: InstanceContext;
  lastError?: NodeError | null | undefined;
  onClose(): void;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { hour12: false });

export function ResultPanel({ status, definition, events, context, lastError, onClose }: ResultPanelProps) {
  const result = runResult(status, definition, events, lastError);
  const outputs = phaseOutputs(definition, context);
  return (
    <aside className="result-panel side-panel" aria-label="Result" data-testid="result-panel">
      <header className="side-panel-head">
        <h3>Result</h3>
        <button type="button" className="quiet" onClick={onClose} title="Close (Escape)">
          Close<span className="sr-only"> the result</span>
        </button>
      </header>
      {result.ended ? (
        <div className={`result-outcome outcome-${status}`} data-testid="result-outcome">
          <span className={`status status-${status}`}>{status}</span>
          {result.endLabel ? (
            <span>
              at <strong>{result.endLabel}</strong>
              {result.outcome && result.outcome !== status ? ` (outcome: ${result.outcome})` : ""}
            </span>
          ) : null}
          {result.finishedAt ? <time dateTime={result.finishedAt}>{when(result.finishedAt)}</time> : null}
          {result.error ? (
            <p className="error">
              {result.error.nodeId ? `${result.error.nodeId}: ` : ""}
              {result.error.message}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="notice" data-testid="result-outcome">
          This run has not ended ({status}): below is the context so far.
        </p>
      )}
      <section className="result-section" aria-label="Input">
        <h4>Input</h4>
        <ValueView value={context.input} label="Input" basePath="input" height="160px" empty="No input." />
      </section>
      {outputs.map((p) => (
        <section key={p.nodeId} className="result-section" aria-label={`Output of ${p.label}`}>
          <h4>{p.label}</h4>
          <ValueView
            value={p.output}
            label={`Output of ${p.label}`}
            basePath={expressionPath("phases", p.nodeId, "output")}
            height="220px"
          />
        </section>
      ))}
      {Object.keys(context.vars ?? {}).length > 0 ? (
        <section className="result-section" aria-label="Variables">
          <h4>Variables</h4>
          <ValueView value={context.vars} label="Variables" basePath="vars" height="160px" />
        </section>
      ) : null}
    </aside>
  );
}
