/** The shapes of the instances repository: an instance as stored, and what a commit writes beside it. */
import type { InstanceContext, InstanceStatus, Logs, NodeError, Validators } from "@mfo/schemas";
import type { PersistedState } from "../../compiler/machine-state.js";
import type { Actor } from "../audit-repository.js";
import type { NewEventWait } from "../event-repository.js";
import type { events, NodeAttemptStatus, TimerKind } from "../schema.js";

export type { NewEventWait, NodeAttemptStatus, TimerKind };

export interface InstanceRecord {
  id: string;
  tenantId: string;
  flowTypeId: string;
  version: number;
  name: string | null;
  status: InstanceStatus;
  snapshot: PersistedState;
  context: InstanceContext;
  currentNodes: string[];
  rev: number;
  parentId: string | null;
  parentNodeId: string | null;
  idempotencyKey: string | null;
  lastError: NodeError | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** A test run of a draft: the test revision (test_revisions) it runs instead of a published version; else null. */
  testRevision: number | null;
}

/** An instance as lists show it: the row without its snapshot and context. */
export type InstanceSummaryRow = Omit<InstanceRecord, "snapshot" | "context">;

/** One row of an instance's history, as stored. */
export type EventRow = typeof events.$inferSelect;

export interface NewEvent {
  seq: number;
  type: string;
  nodeId: string | null;
  at: Date;
  data: Record<string, unknown> | null;
}

export interface NewTimer {
  instanceId: string;
  kind: TimerKind;
  /** The state the timer wakes (null for a plain "run now"). */
  nodeId: string | null;
  dueAt: Date;
}

/** A phase (or subflow) that finished for good in this commit: one row of phase_runs, for analytics. */
export interface NewPhaseRun {
  nodeId: string;
  status: "completed" | "failed";
  attempts: number;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * One attempt of a node that ended in this commit: one row of node_attempts (issue 18, the node's data). The
 * values are as stored: `input`, `output` and `detail` already sealed where the instance context seals them.
 */
export interface NewNodeAttempt {
  nodeId: string;
  /** Which time the node was entered, from 1. */
  run: number;
  /** The attempt within that run, from 1. */
  attempt: number;
  status: NodeAttemptStatus;
  startedSeq: number | null;
  finishedSeq: number;
  startedAt: Date;
  finishedAt: Date;
  idempotencyKey: string | null;
  input: unknown;
  output: unknown;
  validators: Validators | null;
  logs: Logs | null;
  logsTruncated: boolean;
  error: NodeError | null;
  detail: Record<string, unknown> | null;
}

/** A child instance to create in the same commit as the subflow step that starts it. */
export interface NewInstance {
  record: InstanceRecord;
  events: NewEvent[];
  /** Attempts its start already recorded (none for a child written as started). */
  attempts?: readonly NewNodeAttempt[];
}

/** A timer the worker fires. */
export interface DueTimer {
  id: number;
  kind: TimerKind;
  nodeId: string | null;
  /** kind "event": the event's payload (null when it had none). */
  payload?: unknown;
}

/** An instance the worker claimed, as it starts on it: the row and the timers due on it when it was claimed. */
export interface ClaimedInstance {
  record: InstanceRecord;
  due: DueTimer[];
}

/**
 * A new instance as its create statement writes it: the row (after the pure steps the create ran, if any), all
 * its events, its timers, the phase runs that finished, and the audit row of the request.
 */
export interface InstanceStart extends NewInstance {
  timers: readonly NewTimer[];
  phaseRuns: readonly NewPhaseRun[];
  attempts: readonly NewNodeAttempt[];
  audit?: AuditRow;
}

/** An audit row written by the same statement as the change it records. */
export interface AuditRow {
  actor: Actor;
  action: string;
  target: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * One step of an instance as a plain record: the row as it becomes (its `rev` already the next one), written
 * only if the stored row still has `expectedRev`, with everything the step adds beside it.
 */
export interface InstanceCommit {
  row: InstanceRecord;
  expectedRev: number;
  /** When the step happened: the fired and retired timers are marked with it. */
  at: Date;
  /** The instance ended in this step: its leftover timers are retired. */
  ended: boolean;
  events: readonly NewEvent[];
  /** New timers, on this instance or (a parent's wake-up) another. */
  timers: readonly NewTimer[];
  /** Ids of the due timers this step fired. */
  firedTimers: readonly number[];
  phaseRuns: readonly NewPhaseRun[];
  /** The node attempts that ended in this step (node_attempts rows). */
  attempts: readonly NewNodeAttempt[];
  /** Child instances (a subflow starting), created in the same transaction. */
  children: readonly NewInstance[];
  /** Written by the same statement as the change. */
  audit?: AuditRow;
  /** Releases this owner's lease in the same statement (the worker's last commit of a claim). */
  releaseLeaseOf?: string;
  /** Waits for correlated events this step reached: registered in its transaction (event-repository.ts). */
  eventWaits?: readonly NewEventWait[];
  /** States whose registered event wait ended in this step (a timeout fired, the node was left): dropped. */
  droppedEventWaits?: readonly string[];
  /** The instance had event waits registered before this step (an instance that ends drops them all). */
  hadEventWaits?: boolean;
}
