/**
 * The engine's public operations: create (and prepare) instances, the operator actions on them (execute, pause,
 * resume, cancel, remove), and the worker's start/stop. Inside, the worker (worker.ts) claims due instances and
 * the step runner (step-runner.ts) advances each one through the run aggregate (run/).
 */
import { randomUUID } from "node:crypto";
import {
  type CreateInstanceRequest,
  type ExecuteRequest,
  type FlowDefinition,
  type InstanceContext,
  type PhaseNode,
  validateWithUserSchema,
} from "@mfo/schemas";
import type { CompiledFlow } from "../compiler/compile-flow.js";
import { invalid } from "../errors.js";
import type { FlowRegistry } from "../registry/flow-registry.js";
import type { Actor } from "../store/audit-repository.js";
import type { Db } from "../store/database.js";
import { type InstanceRecord, type NewInstance, subflowDepth } from "../store/instances/index.js";
import { type CreateRequest, createInstance, DEFAULT_CREATE_BUDGET_MS } from "./create-instance.js";
import * as operator from "./operator-actions.js";
import { InstanceRun } from "./run/instance-run.js";
import { type PhaseOutcome, runPhase } from "./run-phase.js";
import { createStepRunner } from "./step-runner.js";
import {
  type EngineCore,
  type EngineDeps,
  type EngineObserver,
  type OperatorNote,
  SubflowDepthError,
} from "./types.js";
import { createWorker, type Worker } from "./worker.js";

export interface EngineOptions {
  db: Db;
  registry: FlowRegistry;
  deps: Omit<EngineDeps, "prepareChild">;
  /** Lease on a claimed instance; another process may take it over once it lapses (a crash). */
  leaseMs?: number;
  /** How often the worker looks for due work when nothing woke it. */
  pollMs?: number;
  /** Instances worked on at once (claimed as slots free up). */
  batch?: number;
  /** Told about each committed transition (e.g. metrics). */
  observer?: EngineObserver;
  /** Most levels of subflows under an instance a client started (10 when absent); a deeper child is refused. */
  maxSubflowDepth?: number;
  /**
   * Interruptions in a row (the process died while the step ran) after which an instance is quarantined instead
   * of picked up again (3 when absent; 0: never).
   */
  quarantineAfter?: number;
  /**
   * How long (ms) a client's create may spend running the new instance's pure steps before it writes it and
   * leaves the rest to the worker (create-instance.ts; 1000 when absent; 0: the worker runs every step).
   */
  createBudgetMs?: number;
}

/** A test run of a draft as the route asks for it: the test revision stored, and the instance's input and name. */
export interface TestRunStart {
  flowType: string;
  revision: number;
  /** The version the instance records: the flow type's latest published, or 0 when it has none. */
  version: number;
  input?: Record<string, unknown>;
  name?: string;
}

/** How deep subflows may nest when the embedder does not say (MFO_MAX_SUBFLOW_DEPTH's default). */
export const DEFAULT_MAX_SUBFLOW_DEPTH = 10;

/** Interruptions in a row before a quarantine when the embedder does not say (MFO_QUARANTINE_AFTER's default). */
export const DEFAULT_QUARANTINE_AFTER = 3;

export class Engine {
  private readonly core: EngineCore;
  private readonly worker: Worker;

  constructor(private readonly options: EngineOptions) {
    const deps: EngineDeps = {
      ...options.deps,
      prepareChild: (tenantId, flowType, version, input, parent) =>
        this.prepare(
          tenantId,
          { flowType, ...(version ? { version } : {}), input: input as Record<string, unknown> },
          parent,
        ),
    };
    this.core = {
      db: options.db,
      deps,
      observer: options.observer,
      compiled: (record) => this.compiled(record),
      wake: () => this.wake(),
    };
    const leaseMs = options.leaseMs ?? 30_000;
    this.worker = createWorker({
      db: options.db,
      leaseMs,
      pollMs: options.pollMs ?? 250,
      batch: options.batch ?? 8,
      now: deps.now,
      logger: deps.logger,
      step: createStepRunner(this.core, {
        leaseMs,
        quarantineAfter: options.quarantineAfter ?? DEFAULT_QUARANTINE_AFTER,
      }),
    });
  }

  /** The name this engine's worker holds leases under. */
  get owner(): string {
    return this.worker.owner;
  }

  /** The engine's clock. */
  now(): Date {
    return this.core.deps.now();
  }

  /**
   * Builds a started instance of a published flow type, its input checked against the flow's input schema: a
   * subflow's child, which its parent's commit writes as started, with a "run now" timer.
   */
  async prepare(
    tenantId: string,
    request: CreateInstanceRequest,
    parent?: { id: string; state: string },
  ): Promise<NewInstance> {
    const run = await this.startRun(tenantId, request, parent);
    run.settleStatus();
    return run.toNew();
  }

  /**
   * Creates an instance and runs its pure steps before the one statement that writes it (create-instance.ts): an
   * all-pure flow comes back finished. A repeated idempotency key returns the instance it created first.
   * `audit` replaces the flow.create row (written by the same statement, when there is an actor): a webhook call.
   */
  create(
    tenantId: string,
    request: CreateInstanceRequest,
    actor?: Actor,
    audit?: CreateRequest["audit"],
  ): Promise<{ record: InstanceRecord; created: boolean }> {
    return createInstance(this.core, {
      tenantId,
      request,
      actor,
      start: () => this.startRun(tenantId, request),
      budgetMs: this.options.createBudgetMs ?? DEFAULT_CREATE_BUDGET_MS,
      ...(audit ? { audit } : {}),
    });
  }

  /**
   * Creates a test run of a draft: an instance of the stored test revision (FlowRegistry.storeTestRevision),
   * through the same create as any other (its pure steps run at create; the audit row is the test run's).
   */
  createTest(
    tenantId: string,
    test: TestRunStart,
    actor?: Actor,
  ): Promise<{ record: InstanceRecord; created: boolean }> {
    const request: CreateInstanceRequest = {
      flowType: test.flowType,
      ...(test.input ? { input: test.input } : {}),
      ...(test.name ? { name: test.name } : {}),
    };
    return createInstance(this.core, {
      tenantId,
      request,
      actor,
      start: async () =>
        this.startRun(tenantId, request, undefined, {
          flow: await this.options.registry.compiledTest(tenantId, test.flowType, test.revision, test.version),
          testRevision: test.revision,
        }),
      budgetMs: this.options.createBudgetMs ?? DEFAULT_CREATE_BUDGET_MS,
      audit: { action: "flow-type.draft.test-run", detail: { flowType: test.flowType, revision: test.revision } },
    });
  }

  /** A new instance's run (not stored), its flow looked up (unless a test run's is given) and its input checked. */
  private async startRun(
    tenantId: string,
    request: CreateInstanceRequest,
    parent?: { id: string; state: string },
    test?: { flow: CompiledFlow; testRevision: number },
  ): Promise<InstanceRun> {
    if (parent) {
      // A subflow cycle that publishing missed would otherwise create children without end.
      const max = this.options.maxSubflowDepth ?? DEFAULT_MAX_SUBFLOW_DEPTH;
      const depth = (await subflowDepth(this.core.db, parent.id, max)) + 1;
      if (depth > max) throw new SubflowDepthError(depth, max);
    }
    // An archived flow type takes no new instances; those it has keep running (and start their subflows).
    const flow =
      test?.flow ??
      (await this.options.registry.compiled(tenantId, request.flowType, request.version, {
        refuseArchived: parent === undefined,
      }));
    const input = request.input ?? {};
    if (flow.definition.input !== undefined) {
      const checked = validateWithUserSchema(flow.definition.input, input);
      if (!checked.valid) {
        const errors = checked.errors.map((e) => ({ ...e, path: `/input${e.path}` }));
        throw invalid(`the input does not satisfy the input schema of "${request.flowType}"`, errors, "invalid-input");
      }
    }
    return InstanceRun.start(
      flow,
      {
        id: randomUUID(),
        tenantId,
        name: request.name ?? null,
        parentId: parent?.id ?? null,
        parentNodeId: parent?.state ?? null,
        idempotencyKey: request.idempotencyKey ?? null,
        testRevision: test?.testRevision ?? null,
      },
      input,
      this.core.deps,
    );
  }

  /**
   * Runs one phase of a definition once with the context given, exactly as an attempt runs (runPhase: the same
   * handlers with their SSRF guard, the node's time limit, the expression pool), under a fresh id. Nothing is
   * stored: test one step (POST /flow-types/:id/draft/test-step).
   */
  testPhase(
    tenantId: string,
    definition: FlowDefinition,
    node: PhaseNode,
    context: InstanceContext,
  ): Promise<PhaseOutcome> {
    return runPhase(this.core.deps, definition, node, context, { instanceId: randomUUID(), tenantId, attempt: 1 });
  }

  /** The compiled flow an instance runs (the version it is pinned to, or a test run's test revision). */
  async compiled(record: Pick<InstanceRecord, "tenantId" | "flowTypeId" | "version" | "testRevision">) {
    const { tenantId, flowTypeId, version, testRevision } = record;
    if (testRevision !== null) return this.options.registry.compiledTest(tenantId, flowTypeId, testRevision, version);
    return this.options.registry.compiled(tenantId, flowTypeId, version);
  }

  /** Triggers a manual phase or decides an approval of the tenant's instance; `note.by` is who, for the history. */
  execute(
    tenantId: string,
    id: string,
    request: ExecuteRequest,
    actor?: Actor,
    note?: OperatorNote,
  ): Promise<InstanceRecord> {
    return operator.execute(this.core, tenantId, id, request, actor, note);
  }

  pause(tenantId: string, id: string, actor?: Actor, note?: OperatorNote): Promise<InstanceRecord> {
    return operator.pause(this.core, tenantId, id, actor, note);
  }

  /**
   * Resumes a paused instance, a failed one from the step that failed, or a quarantined one (its interrupted step
   * runs again).
   */
  resume(tenantId: string, id: string, actor?: Actor, note?: OperatorNote): Promise<InstanceRecord> {
    return operator.resume(this.core, tenantId, id, actor, note);
  }

  /** Cancels the instance and its active children; the note (who, why) goes into each one's history. */
  cancel(tenantId: string, id: string, actor?: Actor, note?: OperatorNote): Promise<InstanceRecord> {
    return operator.cancel(this.core, tenantId, id, actor, note);
  }

  /** Soft-deletes the instance (cancelling it first when still active). */
  remove(tenantId: string, id: string, actor?: Actor): Promise<void> {
    return operator.remove(this.core, tenantId, id, actor);
  }

  /** Claims and processes one batch of due instances; returns how many it processed. */
  runOnce(): Promise<number> {
    return this.worker.runOnce();
  }

  /** Starts the worker loop (see worker.ts). */
  start(): void {
    this.worker.start();
  }

  /** Makes the worker look for work now (after an API call created some). */
  wake(): void {
    this.worker.wake();
  }

  async stop(): Promise<void> {
    await this.worker.stop();
  }
}
