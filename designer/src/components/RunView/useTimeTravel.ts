/**
 * Time travel in the run view: which event the view shows the run as of (`at`, a seq; undefined is live), kept in
 * the address (?at=<seq>) so a link opens at that point, and the state then, rebuilt by a Timeline (@mfo/client)
 * from the stored events and every page of the node attempts, never from the live row. The attempts are read
 * only once someone looks at the past, and again when the history has grown since.
 */
import { type FlowService, loadAttempts, type StateAtEvent, Timeline } from "@mfo/client";
import type { FlowDefinition, FlowEvent } from "@mfo/schemas";
import { useCallback, useEffect, useMemo, useState } from "react";
import { replaceRoute, runPath } from "../../hooks/useRoute.js";

export interface TimeTravel {
  /** The seq of the event shown; undefined: live. */
  at: number | undefined;
  setAt(at: number | undefined): void;
  /** The state as of `at` (undefined while live, or while the attempts load). */
  state: StateAtEvent | undefined;
  loading: boolean;
  error: string | undefined;
}

/** Events and the attempts read after them: a pair a timeline can be built from (each completion has its row). */
interface History {
  events: readonly FlowEvent[];
  timeline: Timeline;
}

export function useTimeTravel(
  api: FlowService,
  instanceId: string,
  definition: FlowDefinition | undefined,
  events: readonly FlowEvent[],
  initialAt?: number,
): TimeTravel {
  const [at, setAtState] = useState<number | undefined>(initialAt);
  const [history, setHistory] = useState<History | undefined>();
  const [error, setError] = useState<string | undefined>();
  const setAt = useCallback(
    (next: number | undefined) => {
      setAtState(next);
      replaceRoute(runPath(instanceId, next));
    },
    [instanceId],
  );

  // Back or Forward to this instance at another point (the address changed under the page): show that point.
  useEffect(() => setAtState(initialAt), [initialAt]);

  const stale = history === undefined || history.events.length !== events.length;
  useEffect(() => {
    if (at === undefined || !definition || !stale || events.length === 0) return;
    const abort = new AbortController();
    // The events are those read before the attempts: every completion among them has its attempt row.
    const seen = events;
    loadAttempts(api, instanceId, { signal: abort.signal }).then(
      (attempts) => {
        setHistory({ events: seen, timeline: new Timeline(definition, seen, attempts) });
        setError(undefined);
      },
      (e: Error) => {
        if (!abort.signal.aborted) setError(`the history could not be read: ${e.message}`);
      },
    );
    return () => abort.abort();
  }, [api, instanceId, definition, events, at, stale]);

  const state = useMemo(() => (at !== undefined && history ? history.timeline.stateAt(at) : undefined), [history, at]);
  return { at, setAt, state, loading: at !== undefined && state === undefined && !error, error };
}
