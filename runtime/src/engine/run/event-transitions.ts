/**
 * What happens to a wait node with `event` (issue 19, correlated events): it waits for POST /events with its
 * name and key (and, with timeoutMs, for its "wait" timer), then completes by whichever comes first: the event
 * (its payload the node's output, the event edge) or the timeout (the `on: timeout` edge). The second to come
 * finds the step gone and is discarded. The registration itself is the commit's (RunState.eventWaitChanges).
 * Called through InstanceRun only.
 */
import type { WaitNode } from "@mfo/schemas";
import type { DueTimer, InstanceCommit } from "../../store/instances/index.js";
import { markStarted } from "./attempts.js";
import { completeNode } from "./node-transitions.js";
import type { RunState } from "./run-state.js";

/** The edge a wait for an event leaves by: `on: timeout` when it timed out, else the other one. */
function edgeOf(run: RunState, nodeId: string, timedOut: boolean): string | undefined {
  const edges = run.flow.outgoing.get(nodeId) ?? [];
  return (timedOut ? edges.find((e) => e.on === "timeout") : edges.find((e) => e.on !== "timeout"))?.id;
}

/** The instance waits at `state` for the event `name` with `key` (evaluated); with timeoutMs, until then. */
export function awaitEvent(run: RunState, state: string, name: string, key: string): void {
  const node = run.nodeOf(state) as WaitNode;
  const phase = run.phase(node.id);
  phase.status = "waiting";
  phase.attempts = 1;
  const at = run.at();
  phase.startedAt = at.toISOString();
  phase.finishedAt = null;
  const step = run.stepOf(state);
  step.status = "waiting";
  step.event = { name, key };
  const timeoutMs = node.event?.timeoutMs;
  let until: string | undefined;
  if (timeoutMs !== undefined) {
    const due = new Date(at.getTime() + timeoutMs);
    until = due.toISOString();
    step.dueAt = until;
    run.timer("wait", state, due);
  }
  run.reachedEventWaits.push({ nodeId: state, name, key });
  run.event("node.waiting", node.id, { for: "event", name, key, ...(until ? { until } : {}) }, at);
  markStarted(run, state);
}

/**
 * Fires a timer of a wait for an event: an "event" timer delivers the payload, its "wait" timer is the timeout.
 * Returns false when the timer is not one of these (the caller handles it).
 */
export function fireEventTimer(run: RunState, state: string, timer: DueTimer): boolean {
  const step = run.book.steps[state];
  const waiting = step?.event;
  if (!step || !waiting) return false;
  if (timer.kind !== "event" && timer.kind !== "wait") return false;
  // A second wake-up (the timeout after the event, or the reverse) finds the step no longer waiting: discarded.
  if (step.status !== "waiting") return true;
  const node = run.nodeOf(state);
  // The history names the event as the request did; the node's data (its attempt row) as `event`.
  const named = { name: waiting.name, key: waiting.key };
  const detail = { event: waiting.name, key: waiting.key };
  if (timer.kind === "event") {
    const payload = timer.payload ?? null;
    const deliveredAt = run.at();
    run.phase(node.id).output = payload as never;
    run.event("node.event-received", node.id, named, deliveredAt);
    completeNode(run, state, payload, edgeOf(run, node.id, false), {
      detail: { ...detail, deliveredAt: deliveredAt.toISOString() },
    });
    return true;
  }
  const timedOutAt = run.at();
  run.event("node.event-timed-out", node.id, named, timedOutAt);
  completeNode(run, state, undefined, edgeOf(run, node.id, true), {
    detail: { ...detail, dueAt: step.dueAt ?? null, timedOutAt: timedOutAt.toISOString() },
  });
  return true;
}

/**
 * What a commit does to event_waits: registers the waits reached in this step, and any wait standing now that was
 * not registered when the run was loaded (a failed instance resumed at its wait: its rows went when it failed);
 * drops the registered ones that ended since.
 */
export function eventWaitChanges(
  run: RunState,
): Pick<InstanceCommit, "eventWaits" | "droppedEventWaits" | "hadEventWaits"> {
  const now = run.eventWaitStates();
  if (run.loadedEventWaits.length === 0 && now.length === 0) return {};
  const loaded = new Set(run.loadedEventWaits);
  const reached = new Set(run.reachedEventWaits.map((w) => w.nodeId));
  const standing = new Set(now);
  return {
    eventWaits: now
      .filter((state) => !loaded.has(state) || reached.has(state))
      .map((state) => ({ nodeId: state, ...(run.book.steps[state]?.event as { name: string; key: string }) })),
    droppedEventWaits: run.loadedEventWaits.filter((state) => !standing.has(state)),
    hadEventWaits: run.loadedEventWaits.length > 0,
  };
}
