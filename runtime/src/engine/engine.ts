/**
 * The engine: creates instances, and advances them durably. A worker loop claims instances with due timers
 * (leased, FOR UPDATE SKIP LOCKED), fires the timers, advances through pure nodes in memory, and at each
 * side-effecting phase commits the attempt's start, runs the handler outside any transaction, then applies the
 * result to the freshest row (so a pause that arrived meanwhile keeps the finished step).
 */
import { randomUUID } from "node:crypto";
import { type CreateInstanceRequest, type PhaseNode, validateWithUserSchema } from "@mfo/schemas";
import type { CompiledFlow } from "../compiler/compile-flow.js";
import { invalid } from "../errors.js";
import type { FlowRegistry } from "../registry/flow-registry.js";
import type { Actor } from "../store/audit.js";
import type { Db } from "../store/database.js";
import {
  type AuditRow,
  claimDue,
  commitInstance,
  findByIdempotencyKey,
  type InstanceRecord,
  insertInstance,
  loadDue,
  loadInstance,
  type NewEvent,
  type NewInstance,
  type NewPhaseRun,
  releaseLease,
  renewLease,
} from "../store/instances/index.js";
import { advance } from "./advance.js";
import { timeoutOf } from "./retry-policy.js";
import type { StepState } from "./run/bookkeeping.js";
import { InstanceRun } from "./run/instance-run.js";
import { type PhaseResult, runPhase } from "./run-phase.js";
import type { EngineDeps } from "./types.js";

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

export class Engine {
  readonly deps: EngineDeps;
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: EngineOptions) {
    this.deps = {
      ...options.deps,
      prepareChild: (tenantId, flowType, version, input, parent) =>
        this.prepare(
          tenantId,
          { flowType, ...(version ? { version } : {}), input: input as Record<string, unknown> },
          parent,
        ),
    };
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 250;
    this.batch = options.batch ?? 8;
  }

  get db(): Db {
    return this.options.db;
  }

  /** Builds a started instance of a published flow type, its input checked against the flow's input schema. */
  async prepare(
    tenantId: string,
    request: CreateInstanceRequest,
    parent?: { id: string; state: string },
  ): Promise<NewInstance> {
    const flow = await this.options.registry.compiled(tenantId, request.flowType, request.version);
    const input = request.input ?? {};
    if (flow.definition.input !== undefined) {
      const checked = validateWithUserSchema(flow.definition.input, input);
      if (!checked.valid) {
        const errors = checked.errors.map((e) => ({ ...e, path: `/input${e.path}` }));
        throw invalid(`the input does not satisfy the input schema of "${request.flowType}"`, errors, "invalid-input");
      }
    }
    const run = InstanceRun.start(
      flow,
      {
        id: randomUUID(),
        tenantId,
        name: request.name ?? null,
        parentId: parent?.id ?? null,
        parentNodeId: parent?.state ?? null,
        idempotencyKey: request.idempotencyKey ?? null,
      },
      input,
      this.deps,
    );
    run.settleStatus();
    return run.toNew();
  }

  /** Creates an instance; a repeated idempotency key returns the instance it created first. */
  async create(
    tenantId: string,
    request: CreateInstanceRequest,
    actor?: Actor,
  ): Promise<{ record: InstanceRecord; created: boolean }> {
    if (request.idempotencyKey) {
      const existing = await this.byIdempotencyKey(tenantId, request.idempotencyKey);
      if (existing) return { record: existing, created: false };
    }
    const prepared = await this.prepare(tenantId, request);
    try {
      const audited = actor
        ? { actor, action: "flow.create", target: prepared.record.id, detail: { flowType: request.flowType } }
        : undefined;
      await insertInstance(this.db, prepared, this.deps.now(), audited);
    } catch (error) {
      // Two creates with one key at once: the unique index lets one in; the other returns its instance.
      const existing = request.idempotencyKey
        ? await this.byIdempotencyKey(tenantId, request.idempotencyKey)
        : undefined;
      if (existing) return { record: existing, created: false };
      throw error;
    }
    this.options.observer?.committed({ row: prepared.record, events: prepared.events, phaseRuns: [], children: [] });
    this.wake();
    return { record: prepared.record, created: true };
  }

  private byIdempotencyKey(tenantId: string, key: string): Promise<InstanceRecord | undefined> {
    return findByIdempotencyKey(this.db, tenantId, key);
  }

  async compiled(record: InstanceRecord): Promise<CompiledFlow> {
    return this.options.registry.compiled(record.tenantId, record.flowTypeId, record.version);
  }

  /** Advances one claimed instance as far as it goes, then releases the lease. */
  async process(id: string): Promise<void> {
    let released = false;
    try {
      released = await this.processClaimed(id);
    } finally {
      if (!released) await releaseLease(this.db, id, this.owner);
    }
  }

  /** Returns whether the lease was released by the last commit (its usual end: no extra round trip). */
  private async processClaimed(id: string): Promise<boolean> {
    const loaded = await loadDue(this.db, id, this.deps.now());
    if (loaded?.record.status !== "running") return false;
    const flow = await this.compiled(loaded.record);
    let run: InstanceRun | undefined = InstanceRun.load(flow, loaded.record, this.deps);
    run.recoverInterrupted();
    await run.fireTimers(loaded.due, (childId) => loadInstance(this.db, childId));
    for (let round = 0; run && round < 10_000; round++) {
      const current: InstanceRun = run;
      const boundaries = await advance(current, this.deps);
      current.settleStatus();
      if (boundaries.length === 0) {
        if (!current.dirty) return false;
        return (await this.commit(current, { releaseLeaseOf: this.owner })) !== undefined;
      }
      const started = boundaries.map((state) => {
        const attempt = current.beginAttempt(state);
        const node = current.nodeOf(state) as PhaseNode;
        // Watchdog: should this attempt's result never be committed (the process dies, or loses a race), the
        // instance is woken after the attempt's timeout and the lease, and the attempt runs again.
        const due = this.deps.now().getTime() + timeoutOf(flow.definition, node) + this.leaseMs;
        current.watchdog(state, new Date(due));
        return { state, attempt, node, step: current.step(state) as StepState };
      });
      if (!(await this.commit(current))) return false;
      // Handlers see the context opened (the committed row holds its secrets sealed).
      const { context } = current;
      const redact = current.redactor();
      const results = await this.withHeartbeat(id, () =>
        Promise.all(
          started.map((s) =>
            runPhase(this.deps, flow.definition, s.node, context, {
              instanceId: id,
              attempt: s.attempt,
              redact,
              ...(s.step.input ? { input: s.step.input } : {}),
            }),
          ),
        ),
      );
      run = await this.applyResults(flow, id, started, results);
    }
    return false;
  }

  /**
   * Applies finished attempts to the freshest row: an operator may have paused it meanwhile (the results are
   * kept, nothing further runs) or cancelled it (they are dropped). Returns the run to carry on with.
   */
  private async applyResults(
    flow: CompiledFlow,
    id: string,
    started: Array<{ state: string; step: { attempt: number } }>,
    results: PhaseResult[],
  ): Promise<InstanceRun | undefined> {
    const fresh = await loadInstance(this.db, id);
    if (!fresh || (fresh.status !== "running" && fresh.status !== "paused" && fresh.status !== "waiting"))
      return undefined;
    const run = InstanceRun.load(flow, fresh, this.deps);
    started.forEach((s, i) => {
      if (run.isRunning(s.state, s.step.attempt)) run.applyPhaseResult(s.state, results[i] as PhaseResult);
    });
    if (run.status !== "paused") return run;
    await this.commit(run);
    return undefined;
  }

  /** Commits; a lost race returns undefined (the winner's state stands and the work is picked up again). */
  private async commit(
    run: InstanceRun,
    options?: { audit?: AuditRow; releaseLeaseOf?: string },
  ): Promise<InstanceRecord | undefined> {
    const commit = run.toCommit(options);
    if (!(await commitInstance(this.db, commit))) return undefined;
    this.options.observer?.committed(commit);
    return commit.row;
  }

  private async withHeartbeat<T>(id: string, run: () => Promise<T>): Promise<T> {
    const every = Math.max(100, Math.floor(this.leaseMs / 3));
    const beat = setInterval(() => {
      renewLease(this.db, id, this.owner, new Date(this.deps.now().getTime() + this.leaseMs)).catch((error) =>
        this.deps.logger.warn({ err: String(error), instanceId: id }, "could not renew lease"),
      );
    }, every);
    try {
      return await run();
    } finally {
      clearInterval(beat);
    }
  }

  /** Claims and processes one batch of due instances; returns how many it processed. */
  async runOnce(): Promise<number> {
    const ids = await this.claim(this.batch);
    await Promise.all(ids.map((id) => this.processLogged(id)));
    return ids.length;
  }

  private claim(limit: number): Promise<string[]> {
    return claimDue(this.db, this.owner, limit, this.leaseMs, this.deps.now());
  }

  private processLogged(id: string): Promise<void> {
    return this.process(id).catch((error) =>
      this.deps.logger.error({ err: String(error), instanceId: id }, "advancing an instance failed"),
    );
  }

  /**
   * Starts the worker loop: keeps up to `batch` instances in flight, claiming more as soon as one finishes (a
   * slow instance never holds up the others' slots), and sleeps pollMs (or until woken) when nothing is due.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    const inFlight = new Set<Promise<void>>();
    this.loop = (async () => {
      while (this.running) {
        let claimed = 0;
        try {
          const ids = await this.claim(this.batch - inFlight.size);
          claimed = ids.length;
          for (const id of ids) {
            const done: Promise<void> = this.processLogged(id).finally(() => inFlight.delete(done));
            inFlight.add(done);
          }
        } catch (error) {
          this.deps.logger.error({ err: String(error) }, "worker poll failed");
        }
        if (!this.running) break;
        if (inFlight.size >= this.batch) await Promise.race(inFlight);
        else if (claimed === 0) await this.idle(inFlight);
      }
      await Promise.all(inFlight);
    })();
  }

  /** Waits for pollMs, a wake-up, or (when some are in flight) the first of them to finish. */
  private async idle(inFlight: ReadonlySet<Promise<void>>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = resolve;
      }),
      ...inFlight,
    ]);
    clearTimeout(timer);
    this.wakeUp = undefined;
  }

  /** Makes the worker look for work now (after an API call created some). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }
}
