/**
 * The timeline scrubber under the run canvas: a slider over the run's stored events, ticks coloured by the kind
 * of node event, keyboard steps (Left/Right one event, Shift or Page Up/Down ten, Home/End first/last), play at
 * 1x (the real gaps between events, 50 ms to 1 s a step) or 4x, and Live to go back to the live view. Undefined
 * `at` is live: the slider then sits at the last event and follows new ones.
 */
import type { FlowEvent } from "@mfo/schemas";
import { type KeyboardEvent, useEffect, useMemo, useState } from "react";
import { eventLabel, indexOfSeq, playDelay, type TickKind, tickPaths } from "./scrub.js";

export interface TimelineScrubberProps {
  /** The run's events, in seq order. */
  events: readonly FlowEvent[];
  /** The seq of the event shown; undefined: live. */
  at: number | undefined;
  onChange(at: number | undefined): void;
  /** A node's label for the slider's text (its id when not given). */
  labelOf?(nodeId: string): string;
}

const SPEEDS = [1, 4] as const;
const KINDS: TickKind[] = ["started", "completed", "waiting", "operator", "failed"];

export function TimelineScrubber({ events, at, onChange, labelOf }: TimelineScrubberProps) {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const last = events.length - 1;
  const index = at === undefined ? last : Math.max(0, indexOfSeq(events, at));
  const ticks = useMemo(() => tickPaths(events), [events]);
  const label = eventLabel(events, index, labelOf);
  const goTo = (i: number) => {
    const e = events[Math.max(0, Math.min(last, i))];
    if (e) onChange(e.seq);
  };

  // Play: one event after another at the chosen pace, stopping at the last.
  useEffect(() => {
    if (!playing) return;
    const from = events[index];
    const to = events[index + 1];
    if (!from || !to) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => onChange(to.seq), playDelay(from, to, speed));
    return () => clearTimeout(timer);
  }, [playing, index, events, speed, onChange]);

  // The keys are handled here rather than left to the browser, so each moves exactly one event (or ten with
  // Shift, or a page) whatever the slider's width, and the same in every browser.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const by = e.shiftKey ? 10 : 1;
    const moves: Record<string, number> = {
      ArrowLeft: index - by,
      ArrowDown: index - by,
      ArrowRight: index + by,
      ArrowUp: index + by,
      PageDown: index - 10,
      PageUp: index + 10,
      Home: 0,
      End: last,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    goTo(to);
  };

  return (
    <section className="scrubber" aria-label="Timeline">
      <div className="scrubber-controls">
        <button
          type="button"
          onClick={() => {
            // Playing from the live view (or the end) starts over from the first event.
            if (!playing && (at === undefined || index >= last)) goTo(0);
            setPlaying(!playing);
          }}
          disabled={events.length < 2}
          aria-label={playing ? "Pause replay" : "Play replay"}
        >
          {playing ? "Pause" : "Play"}
        </button>
        <fieldset className="scrubber-speed">
          <legend className="sr-only">Replay speed</legend>
          {SPEEDS.map((s) => (
            <button key={s} type="button" aria-pressed={speed === s} onClick={() => setSpeed(s)}>
              {s}x
            </button>
          ))}
        </fieldset>
        <output className="scrubber-label" data-testid="scrubber-label">
          {at === undefined ? `live · ${label}` : label}
        </output>
        <button
          type="button"
          className={at === undefined ? "" : "primary"}
          disabled={at === undefined}
          onClick={() => {
            setPlaying(false);
            onChange(undefined);
          }}
        >
          Live
        </button>
      </div>
      <div className="scrubber-track">
        <svg
          className="scrubber-ticks"
          viewBox={`0 0 ${Math.max(1, events.length)} 1`}
          preserveAspectRatio="none"
          aria-hidden="true"
        >
          {KINDS.map((kind) => (ticks[kind] ? <path key={kind} className={`tick-${kind}`} d={ticks[kind]} /> : null))}
        </svg>
        <input
          type="range"
          aria-label="Event"
          aria-valuetext={label}
          min={1}
          max={Math.max(1, events.length)}
          step={1}
          value={index + 1}
          disabled={events.length === 0}
          onChange={(e) => goTo(Number(e.currentTarget.value) - 1)}
          onKeyDown={onKeyDown}
        />
      </div>
    </section>
  );
}
