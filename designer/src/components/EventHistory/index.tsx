/**
 * An instance's history beside the run view's canvas: each event's time, type and node, oldest first; under an
 * operator's action, who took it and what they said ("approved by Dana: risk accepted").
 */
import type { FlowEvent } from "@mfo/schemas";
import { eventNote } from "./event-note.js";

export interface EventHistoryProps {
  /** The history, by seq. */
  events: readonly FlowEvent[];
}

export function EventHistory({ events }: EventHistoryProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the history scrolls within its column; a keyboard can scroll it only if it takes focus (axe: scrollable-region-focusable)
    <aside className="history" aria-label="History" tabIndex={0}>
      <h2>History</h2>
      <ol>
        {events.map((e) => {
          const note = eventNote(e);
          return (
            <li key={e.seq}>
              <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time> {e.type}
              {e.nodeId ? ` ${e.nodeId}` : ""}
              {note ? <span className="history-note">{note}</span> : null}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
