/** Shapes shared by the engine's parts: an instance as stored, and what a commit adds beside it. */
import type { InstanceContext, InstanceStatus, NodeError } from "@mfo/schemas";
import type { PersistedState } from "../compiler/machine-state.js";
import type { Sealer } from "../crypto/sealer.js";
import { AppError } from "../errors.js";
import type { Handler, HandlerLogger, Validator } from "../handlers/types.js";
import type { TimerKind } from "../store/schema.js";

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
}

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

/** A child instance to create in the same commit as the subflow step that starts it. */
export interface NewInstance {
  record: InstanceRecord;
  events: NewEvent[];
}

export interface EngineDeps {
  handlers: ReadonlyMap<string, Handler>;
  validators: ReadonlyMap<string, Validator>;
  evaluate(source: string, data: unknown): Promise<unknown>;
  resolveParams(params: Record<string, unknown>, context: InstanceContext): Promise<Record<string, unknown>>;
  logger: HandlerLogger;
  /** Seals sensitive phase outputs at rest and opens them for expressions and handlers. */
  sealer: Sealer;
  now(): Date;
  random(): number;
  /** Builds (does not store) a child instance of a published flow type, started and pinned to its version. */
  prepareChild(
    tenantId: string,
    flowType: string,
    version: number | undefined,
    input: unknown,
    parent: { id: string; state: string },
  ): Promise<NewInstance>;
}

/** A state conflict an operator can see: wrong status, nothing waiting, or a concurrent change won. */
export class ConflictError extends AppError {
  constructor(message: string, code = "conflict") {
    super(409, code, message);
  }
}
