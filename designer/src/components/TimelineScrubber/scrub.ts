/** What the timeline scrubber computes from a run's events: the tick marks, an event's label, the pace of play. */
import type { FlowEvent } from "@mfo/schemas";

/** The kinds of node event a tick is coloured by. */
export type TickKind = "started" | "completed" | "failed" | "waiting" | "operator";

const KIND_OF: Record<string, TickKind> = {
  "node.started": "started",
  "node.completed": "completed",
  "node.failed": "failed",
  "node.retrying": "failed",
  "node.interrupted": "failed",
  "node.waiting": "waiting",
  "node.decided": "operator",
  "node.triggered": "operator",
};

/**
 * One SVG path per kind of node event (a vertical stroke at each event's position, x = index): five elements
 * whatever the length of the run, so a 10,000-event history draws as cheaply as a short one.
 */
export function tickPaths(events: readonly FlowEvent[]): Partial<Record<TickKind, string>> {
  const parts = new Map<TickKind, string[]>();
  events.forEach((e, i) => {
    const kind = KIND_OF[e.type];
    if (!kind) return;
    const list = parts.get(kind) ?? [];
    list.push(`M${i + 0.5} 0V1`);
    parts.set(kind, list);
  });
  return Object.fromEntries([...parts].map(([k, v]) => [k, v.join("")]));
}

/** "event 12 of 40 · 10:04:05 · node.completed · Risk score": what the slider says of its position. */
export function eventLabel(
  events: readonly FlowEvent[],
  index: number,
  labelOf: (nodeId: string) => string = (id) => id,
): string {
  const e = events[index];
  if (!e) return "no events yet";
  const time = new Date(e.at).toLocaleTimeString();
  return `event ${index + 1} of ${events.length} · ${time} · ${e.type}${e.nodeId ? ` · ${labelOf(e.nodeId)}` : ""}`;
}

/** Playing at 1x waits the real gap between two events, at least 50 ms and at most 1 s; 4x a quarter of that. */
export const MIN_STEP_MS = 50;
export const MAX_STEP_MS = 1000;

export function playDelay(from: FlowEvent, to: FlowEvent, speed: number): number {
  const gap = new Date(to.at).getTime() - new Date(from.at).getTime();
  const clamped = Math.min(MAX_STEP_MS, Math.max(MIN_STEP_MS, Number.isFinite(gap) ? gap : MAX_STEP_MS));
  return clamped / speed;
}

/** The position of the last event with a seq at or before `seq` (the events are in seq order); -1 when none. */
export function indexOfSeq(events: readonly FlowEvent[], seq: number): number {
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as FlowEvent).seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
