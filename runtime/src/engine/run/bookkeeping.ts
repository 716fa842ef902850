/**
 * The engine's own record of each active state, kept in the XState snapshot's context so that it is written in
 * the same row and transaction as the position itself. A crash can lose only what was never committed.
 */

/**
 * ready: entered, not yet worked on. running: an attempt's start is committed and its handler may be running
 * (after a crash the same attempt runs again, with the same idempotency key). scheduled: a timer will wake it
 * (a wait, or retry backoff). waiting: a person (manual phase, approval), a child instance or a correlated event
 * (`event` set: POST /events, or the timeout's "wait" timer) must act first.
 */
export type StepStatus = "ready" | "running" | "scheduled" | "waiting";

export interface StepState {
  status: StepStatus;
  /** Attempts made since the state was entered (the retry policy counts these). */
  attempt: number;
  dueAt?: string;
  /** Manual phases: an operator has triggered it, with this input. */
  triggered?: boolean;
  input?: Record<string, unknown>;
  /** Waits for a correlated event: the event's name and the key evaluated when the wait was reached. */
  event?: { name: string; key: string };
  /** Subflows: the child instance. */
  childId?: string;
  /**
   * How many times in a row an attempt of this state was interrupted (the process running it died before its
   * result was committed); kept here so counting costs no write of its own, and cleared once a result commits.
   */
  interrupted?: number;
  /** The seq and time of the event that started the state's current attempt (entered, started, waiting). */
  startedSeq?: number;
  startedAt?: string;
}

export interface Bookkeeping {
  steps: Record<string, StepState>;
  /** The instance's last event sequence number. */
  seq: number;
  /** How many times each node was entered (a loop enters one again): the `run` of its node_attempts rows. */
  entered?: Record<string, number>;
  /** Where a failed instance resumes: the position just before the failure, and the state that failed. */
  resume?: { value: unknown; state: string; steps: Record<string, StepState> };
}

export function readBookkeeping(context: unknown): Bookkeeping {
  const c = (context ?? {}) as Partial<Bookkeeping>;
  return {
    steps: { ...(c.steps ?? {}) },
    seq: c.seq ?? 0,
    ...(c.entered ? { entered: { ...c.entered } } : {}),
    ...(c.resume ? { resume: c.resume } : {}),
  };
}
