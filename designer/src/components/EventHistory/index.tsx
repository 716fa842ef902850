/**
 * An instance's history beside the run view's canvas: each event's time, type and node, oldest first; under an
 * operator's action, who took it and what they said ("approved by Dana: risk accepted"). Time travel shows the
 * history up to the event viewed (`upTo`): the rows are made once per history, so stepping through a 10,000-event
 * run adds or drops a row instead of drawing them all again.
 */
import type { FlowEvent } from "@mfo/schemas";
import { memo, useMemo } from "react";
import { eventNote } from "./event-note.js";

export interface EventHistoryProps {
  /** The history, by seq. */
  events: readonly FlowEvent[];
  /** Show only the first `upTo` events (time travel); all when absent. */
  upTo?: number | undefined;
}

export function EventHistory({ events, upTo }: EventHistoryProps) {
  const rows = useMemo(() => events.map((e) => <HistoryRow key={e.seq} event={e} />), [events]);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the history scrolls within its column; a keyboard can scroll it only if it takes focus (axe: scrollable-region-focusable)
    <aside className="history" aria-label="History" tabIndex={0}>
      <h2>History</h2>
      <ol>{upTo === undefined ? rows : rows.slice(0, upTo)}</ol>
    </aside>
  );
}

const HistoryRow = memo(function HistoryRow({ event: e }: { event: FlowEvent }) {
  const note = eventNote(e);
  return (
    <li>
      <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time> {e.type}
      {e.nodeId ? ` ${e.nodeId}` : ""}
      {note ? <span className="history-note">{note}</span> : null}
    </li>
  );
});
