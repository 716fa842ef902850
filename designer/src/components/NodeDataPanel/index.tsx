/**
 * The side panel for one node of a run: tabs Input, Output, Attempts and Logs over the node's recorded attempts
 * (GET /flows/{id}/nodes/{nodeId}), a run/attempt selector when it ran more than once (the latest by default), and
 * a Details area for decisions, approvals and waits. Values show in the ValueView (table or tree). The caller owns
 * fetching: it passes what it has (`nodeData`, `loading`, `error`) and, for time travel, `asOfSeq` hides the
 * attempts recorded after that event and `context` is the context as of then.
 */
import type { NodeData } from "@mfo/schemas";
import { useState } from "react";
import { expressionPath } from "../JsonTree/json-rows.js";
import { ValueView } from "../ValueView/index.js";
import { AttemptsTable } from "./AttemptsTable.js";
import { LogLines } from "./LogLines.js";
import { NodeDetails } from "./NodeDetails.js";
import { attemptKey, attemptName, attemptsAsOf, nodeDetail } from "./node-attempts.js";
import { Tabs } from "./Tabs.js";
import "./node-data-panel.css";

export interface NodeDataPanelProps {
  nodeId: string;
  /** The node's label (its id when it has none), for the heading. */
  label: string;
  nodeData: NodeData | undefined;
  loading: boolean;
  /** Why the data could not be read (the panel shows it with a "Try again" when `onRetry` is given). */
  error?: string | undefined;
  /** The context the node saw ({ input, phases, vars }), shown under its resolved params when the caller has it. */
  context?: unknown;
  /** Time travel: only attempts whose outcome was recorded at or before this event seq. */
  asOfSeq?: number | undefined;
  /** An edge's name as the canvas shows it (decisions name the edge they took). */
  edgeLabel?(edgeId: string): string;
  onRetry?(): void;
  onClose(): void;
}

type Tab = "input" | "output" | "attempts" | "logs";

export function NodeDataPanel(props: NodeDataPanelProps) {
  const { nodeId, label, nodeData, loading, error, context, asOfSeq, onRetry, onClose } = props;
  const [tab, setTab] = useState<Tab>("output");
  const [chosenKey, setChosen] = useState<string | undefined>();
  const attempts = attemptsAsOf(nodeData?.attempts ?? [], asOfSeq);
  const chosen = attempts.find((a) => attemptKey(a) === chosenKey) ?? attempts.at(-1);
  const severalRuns = new Set(attempts.map((a) => a.run)).size > 1;
  const detail = nodeDetail(nodeData?.type ?? "", chosen);
  const logCount = chosen?.logs?.length ?? 0;

  return (
    <aside className="node-data-panel side-panel" aria-label={`Node ${label}`} data-testid="node-data-panel">
      <header className="side-panel-head">
        <h3>
          {label}
          {nodeData ? <span className="node-type">{nodeData.type}</span> : null}
        </h3>
        <button type="button" className="quiet" onClick={onClose} title="Close (Escape)">
          Close<span className="sr-only"> the panel of {label}</span>
        </button>
      </header>
      {error ? (
        <div role="alert" className="error notice panel-error">
          <p>
            Could not read what {label} did: {error}
          </p>
          {onRetry ? (
            <button type="button" onClick={onRetry}>
              Try again
            </button>
          ) : null}
        </div>
      ) : loading && !nodeData ? (
        <p aria-busy="true" className="help">
          Loading what {label} did…
        </p>
      ) : attempts.length === 0 ? (
        <p className="empty">
          {asOfSeq === undefined ? "This node has not run yet." : "This node had not run yet at this point."}
        </p>
      ) : (
        <>
          {attempts.length > 1 ? (
            <label className="attempt-picker">
              Showing{" "}
              <select value={chosen ? attemptKey(chosen) : ""} onChange={(e) => setChosen(e.target.value)}>
                {attempts.map((a) => (
                  <option key={attemptKey(a)} value={attemptKey(a)}>
                    {attemptName(a, severalRuns)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <NodeDetails detail={detail} edgeLabel={props.edgeLabel ?? ((id) => id)} />
          <Tabs
            label={`What ${label} did`}
            selected={tab}
            onSelect={(id) => setTab(id as Tab)}
            tabs={[
              { id: "input", title: "Input" },
              { id: "output", title: "Output" },
              { id: "attempts", title: "Attempts", badge: String(attempts.length) },
              { id: "logs", title: "Logs", ...(logCount > 0 ? { badge: String(logCount) } : {}) },
            ]}
          >
            {tab === "input" ? (
              <>
                <ValueView
                  key={`in-${chosenKey}`}
                  value={chosen?.input ?? undefined}
                  label="Input"
                  empty="No params: this node takes none."
                />
                {context !== undefined ? (
                  <section className="seen-context" aria-label="Context the node saw">
                    <h4>Context the node saw</h4>
                    <ValueView value={context} label="Context" height="220px" openDepth={2} />
                  </section>
                ) : null}
              </>
            ) : tab === "output" ? (
              <>
                {chosen?.error ? (
                  <p className="error notice">
                    {chosen.error.code ? `${chosen.error.code}: ` : ""}
                    {chosen.error.message}
                  </p>
                ) : null}
                <ValueView
                  key={`out-${chosenKey}`}
                  value={chosen?.output ?? undefined}
                  label="Output"
                  basePath={expressionPath("phases", nodeId, "output")}
                  empty={chosen?.status === "completed" ? "No output." : "No output: this attempt did not complete."}
                  height="calc(100vh - 380px)"
                />
              </>
            ) : tab === "attempts" ? (
              <AttemptsTable attempts={attempts} chosen={chosen ? attemptKey(chosen) : undefined} />
            ) : (
              <LogLines attempt={chosen} />
            )}
          </Tabs>
        </>
      )}
    </aside>
  );
}
