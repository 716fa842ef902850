/** Shapes shared by the engine's parts: what it is given, who hears of its commits, and the conflict an operator sees. */
import type { CompiledFlow } from "../compiler/compile-flow.js";
import type { Sealer } from "../crypto/sealer.js";
import { AppError } from "../errors.js";
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import type { Handler, HandlerLogger, Validator } from "../handlers/types.js";
import type { SecretVault } from "../secrets/secret-vault.js";
import type { Db } from "../store/database.js";
import type { InstanceRecord, NewEvent, NewInstance, NewPhaseRun } from "../store/instances/index.js";

export interface EngineDeps {
  handlers: ReadonlyMap<string, Handler>;
  validators: ReadonlyMap<string, Validator>;
  /** Evaluates conditions, `until`, subflow `input` and "=" params (the expression pool, off the event loop). */
  expressions: ExpressionEvaluator;
  /** Evaluates a straight run of `transform` phases in one job (transform-chain.ts); default true. */
  chainTransforms?: boolean;
  logger: HandlerLogger;
  /** Seals sensitive phase outputs at rest and opens them for expressions and handlers. */
  sealer: Sealer;
  /** The tenants' secrets store, read when a phase's params use `$secret("name")`; absent: every secret is missing. */
  secrets?: SecretVault;
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

/** What one committed transition wrote for an instance: new events, finished phase runs, created children. */
export interface CommittedChange {
  row: Pick<InstanceRecord, "tenantId" | "flowTypeId">;
  events: readonly NewEvent[];
  phaseRuns: readonly NewPhaseRun[];
  children: readonly NewInstance[];
}

/** Called once per transition, after its transaction committed (never for one that lost a race). */
export interface EngineObserver {
  committed(change: CommittedChange): void;
}

/** What the engine's parts share inside the engine (never handed out of it). */
export interface EngineCore {
  db: Db;
  deps: EngineDeps;
  observer: EngineObserver | undefined;
  /** The compiled flow an instance runs (its pinned version). */
  compiled(record: InstanceRecord): Promise<CompiledFlow>;
  /** Makes the worker look for work now. */
  wake(): void;
}

/** Who took an operator's action, as the instance's history records it: the API key's id, name and role. */
export interface ActedBy {
  keyId: string;
  name: string;
  role: string;
}

/** What an operator's action writes into its event beside the change: who acted and, for a cancel, why. */
export interface OperatorNote {
  by?: ActedBy;
  reason?: string;
}

/** A state conflict an operator can see: wrong status, nothing waiting, or a concurrent change won. */
export class ConflictError extends AppError {
  constructor(message: string, code = "conflict") {
    super(409, code, message);
  }
}

/**
 * A subflow would start a child deeper than the runtime allows: the guard against recursion that publishing
 * could not see (a cycle closed through pinned versions, or stored before publish checked for cycles).
 */
export class SubflowDepthError extends AppError {
  constructor(depth: number, max: number) {
    super(
      422,
      "subflow-depth-exceeded",
      `the child instance would be nested ${depth} subflows deep; at most ${max} are allowed (MFO_MAX_SUBFLOW_DEPTH)`,
    );
  }
}
