/**
 * The run aggregate's state: one instance's position, bookkeeping and flow context in memory, and what the next
 * commit will add (events, timers, children, fired timers), with the machine mechanics (send, finish, rewind).
 * Only the aggregate's own files (engine/run/) touch it; everything else goes through InstanceRun.
 */
import type { InstanceContext, InstanceStatus, NodeError, PhaseState } from "@mfo/schemas";
import type { AnyMachineSnapshot } from "xstate";
import { type CompiledFlow, FAILED_STATE, type FlowEvent } from "../../compiler/compile-flow.js";
import { activeStates, persist, restore, start, step, withContext } from "../../compiler/machine-state.js";
import { type ContextSealer, contextSealerFor } from "../../crypto/context-sealer.js";
import { textRedactor } from "../../crypto/redact.js";
import type {
  AuditRow,
  InstanceCommit,
  InstanceRecord,
  NewEvent,
  NewEventWait,
  NewInstance,
  NewNodeAttempt,
  NewPhaseRun,
  NewTimer,
  TimerKind,
} from "../../store/instances/index.js";
import type { EngineDeps } from "../types.js";
import { type Bookkeeping, readBookkeeping, type StepState } from "./bookkeeping.js";
import { eventWaitChanges } from "./event-transitions.js";

/** What a run needs from the engine: the clock, the sealer of sensitive values, and randomness (retry jitter). */
export type RunDeps = Pick<EngineDeps, "now" | "sealer" | "random">;

export class RunState {
  snapshot: AnyMachineSnapshot;
  book: Bookkeeping;
  context: InstanceContext;
  status: InstanceStatus;
  lastError: NodeError | null;
  finishedAt: Date | null;
  readonly events: NewEvent[] = [];
  readonly timers: NewTimer[] = [];
  readonly children: NewInstance[] = [];
  readonly firedTimers: number[] = [];
  readonly phaseRuns: NewPhaseRun[] = [];
  /** Node attempts that ended in this step, their values still open (toCommit seals them). */
  readonly attempts: NewNodeAttempt[] = [];
  /** Event waits reached in this step (toCommit registers those still waiting). */
  readonly reachedEventWaits: NewEventWait[] = [];
  /** The states that waited for a correlated event when the run was loaded (their rows are registered). */
  readonly loadedEventWaits: readonly string[];
  /** Set when the instance ended and has a parent waiting on it. */
  wakeParent = false;
  readonly random: () => number;
  private readonly now: () => Date;
  /** Undefined when the instance can hold no secret: its context is then stored as it is (the fast path). */
  private readonly sealer: ContextSealer | undefined;

  /**
   * `row.context` holds sealed values (it was read from the database) unless `stored` is false (a new instance,
   * whose input is plain as given); the run keeps the context opened in memory and seals it in toRecord().
   */
  constructor(
    readonly flow: CompiledFlow,
    readonly row: InstanceRecord,
    deps: RunDeps,
    stored = true,
  ) {
    this.now = deps.now;
    this.random = deps.random;
    this.sealer = contextSealerFor(flow.definition, deps.sealer, row.parentId !== null);
    this.snapshot = restore(flow, row.snapshot);
    this.book = readBookkeeping(row.snapshot.context);
    this.loadedEventWaits = this.eventWaitStates();
    this.context = structuredClone(row.context);
    if (this.sealer && stored) this.sealer.open(this.context);
    this.status = row.status;
    this.lastError = row.lastError;
    this.finishedAt = row.finishedAt;
  }

  /** Whether anything changed that a commit must write. */
  get dirty(): boolean {
    return (
      this.events.length > 0 || this.timers.length > 0 || this.firedTimers.length > 0 || this.status !== this.row.status
    );
  }

  at(): Date {
    return this.now();
  }

  /**
   * Records an event. `at` is the time the change it records wrote into the context (a phase's startedAt or
   * finishedAt): the same instant, so that the history alone rebuilds the context exactly (time travel).
   */
  event(
    type: string,
    nodeId: string | null = null,
    data: Record<string, unknown> | null = null,
    at: Date = this.now(),
  ): void {
    this.book.seq += 1;
    this.events.push({ seq: this.book.seq, type, nodeId, at, data });
  }

  timer(kind: TimerKind, state: string | null, dueAt: Date): void {
    this.timers.push({ instanceId: this.row.id, kind, nodeId: state, dueAt });
  }

  nodeOf(state: string) {
    const compiled = this.flow.states.get(state);
    if (!compiled) throw new Error(`no state ${state} in ${this.flow.definition.id}`);
    return compiled.node;
  }

  stepOf(state: string): StepState {
    const existing = this.book.steps[state];
    if (existing) return existing;
    const created: StepState = { status: "ready", attempt: 0 };
    this.book.steps[state] = created;
    return created;
  }

  phase(nodeId: string): PhaseState {
    this.context.phases[nodeId] ??= { status: "running", attempts: 0, startedAt: null, finishedAt: null, error: null };
    return this.context.phases[nodeId] as PhaseState;
  }

  /** Records that a phase or subflow finished for good (its run counts in analytics). */
  finishPhase(nodeId: string, status: "completed" | "failed"): void {
    const phase = this.phase(nodeId);
    const finishedAt = this.now();
    const startedAt = phase.startedAt ? new Date(phase.startedAt) : finishedAt;
    this.phaseRuns.push({ nodeId, status, attempts: phase.attempts, startedAt, finishedAt });
  }

  active(): string[] {
    return activeStates(this.flow, this.snapshot.value);
  }

  /** Applies a machine event, records the states it entered, and finishes the instance when it ends. */
  send(event: FlowEvent): void {
    // A shallow copy is enough: step() replaces or drops entries of book.steps, it never changes one in place.
    const before = { value: this.snapshot.value, steps: { ...this.book.steps } };
    const result = step(this.flow, this.snapshot, event);
    this.snapshot = result.snapshot;
    const active = new Set(this.active());
    for (const state of Object.keys(this.book.steps)) if (!active.has(state)) delete this.book.steps[state];
    for (const state of result.entered) if (this.flow.states.has(state)) this.enter(state);
    if (this.snapshot.status === "done") this.finish(event, before);
  }

  /** A state was entered: its step starts ready, the node's entries are counted, the event written. */
  enter(state: string): void {
    const nodeId = this.nodeOf(state).id;
    this.book.entered ??= {};
    const entered = this.book.entered;
    entered[nodeId] = (entered[nodeId] ?? 0) + 1;
    this.event("node.entered", nodeId);
    this.book.steps[state] = { status: "ready", attempt: 0, startedSeq: this.book.seq };
  }

  private finish(event: FlowEvent, before: { value: unknown; steps: Bookkeeping["steps"] }): void {
    const value = this.snapshot.value;
    const endNode = typeof value === "string" && value !== FAILED_STATE ? this.flow.states.get(value)?.node : undefined;
    const outcome = endNode?.type === "end" ? (endNode.outcome ?? "completed") : "failed";
    if (value === FAILED_STATE) this.book.resume = { value: before.value, state: event.state, steps: before.steps };
    this.status = outcome;
    this.finishedAt = this.now();
    this.book.steps = {};
    this.event(outcome === "completed" ? "instance.completed" : "instance.failed", endNode?.id ?? null, {
      ...(this.lastError && outcome === "failed" ? { error: this.lastError } : {}),
    });
    if (this.row.parentId) this.wakeParent = true;
  }

  /** Puts a failed instance back where it was just before the failure, with the failed state ready again. */
  rewind(): boolean {
    const resume = this.book.resume;
    if (!resume) return false;
    this.snapshot = restore(this.flow, { value: resume.value, context: {} });
    // Other branches carry on as they were; only the failed state starts over, with a fresh retry budget.
    this.book.steps = { ...resume.steps, [resume.state]: { status: "ready", attempt: 0 } };
    delete this.book.resume;
    this.finishedAt = null;
    this.lastError = null;
    this.status = "running";
    return true;
  }

  /** The status an unfinished instance shows: running while anything can move without a person. */
  settleStatus(): void {
    // Paused, quarantined and cancelled instances keep their status until an operator changes it.
    if (this.finishedAt || (this.status !== "running" && this.status !== "waiting")) return;
    const steps = Object.values(this.book.steps);
    // A wait for a correlated event is not a person's: the instance stays running, so the worker claims the
    // "event" timer a delivery writes.
    const personWaits = steps.filter(
      (s) => s.status === "waiting" && s.childId === undefined && s.event === undefined,
    ).length;
    this.status = personWaits > 0 && personWaits === steps.length ? "waiting" : "running";
  }

  /** Cuts the text of the secrets this instance holds out of messages (errors, log lines) as "[redacted]". */
  redactor(): (text: string) => string {
    return textRedactor(this.sealer?.secrets(this.context) ?? []);
  }

  redact(text: string): string {
    return this.redactor()(text);
  }

  /**
   * Opens the sealed values of a value read from another instance (a finished child's outputs) that will sit at
   * `path` in this context, and keeps them sealed there.
   */
  openStored(path: readonly string[], value: unknown): unknown {
    return this.sealer ? this.sealer.open(value, path) : value;
  }

  /** Seals the strings of another instance's stored value (a child's input) that contain a secret of this one. */
  sealSecretsIn(value: unknown): unknown {
    return this.sealer ? this.sealer.sealStrings(value, this.sealer.secrets(this.context)) : value;
  }

  /**
   * The attempts as stored: input, output and detail sealed where the context seals them (a phase's sensitive
   * output fields, strings that contain a secret the instance holds). No walk when the flow holds no secret.
   */
  sealedAttempts(): NewNodeAttempt[] {
    const sealer = this.sealer;
    if (!sealer || this.attempts.length === 0) return this.attempts;
    const secrets = sealer.secrets(this.context);
    const startId = this.flow.definition.nodes.find((n) => n.type === "start")?.id;
    return this.attempts.map((a) => ({
      ...a,
      ...sealer.sealAttempt(
        // The start node's output is the instance input: sealed where the context's input is.
        a.nodeId === startId ? ["input"] : ["phases", a.nodeId, "output"],
        { input: a.input, output: a.output, detail: a.detail },
        secrets,
      ),
    })) as NewNodeAttempt[];
  }

  /** The states waiting for a correlated event now. */
  eventWaitStates(): string[] {
    return Object.entries(this.book.steps)
      .filter(([, step]) => step.status === "waiting" && step.event !== undefined)
      .map(([state]) => state);
  }

  /** The row as the commit writes it: the context sealed (the run's own copy stays open). */
  toRecord(): InstanceRecord {
    this.snapshot = withContext(this.flow, this.snapshot, this.book as unknown as Record<string, unknown>);
    return {
      ...this.row,
      status: this.status,
      snapshot: persist(this.snapshot),
      context: this.sealer ? (this.sealer.seal(this.context) as InstanceContext) : this.context,
      currentNodes: this.finishedAt ? [] : [...new Set(this.active().map((s) => this.nodeOf(s).id))],
      lastError: this.lastError,
      finishedAt: this.finishedAt,
      updatedAt: this.now(),
      rev: this.row.rev + 1,
    };
  }
  /**
   * The step as a plain commit record: the row as it becomes, and what the step adds (a parent waiting on an
   * instance that ended gets a wake-up timer).
   */
  toCommit(options: { audit?: AuditRow; releaseLeaseOf?: string } = {}): InstanceCommit {
    const row = this.toRecord();
    const at = this.now();
    const timers = [...this.timers];
    if (this.wakeParent && row.parentId) {
      timers.push({ instanceId: row.parentId, kind: "subflow", nodeId: row.parentNodeId, dueAt: at });
    }
    return {
      row,
      expectedRev: this.row.rev,
      at,
      ended: row.finishedAt !== null && this.row.finishedAt === null,
      events: this.events,
      timers,
      firedTimers: this.firedTimers,
      phaseRuns: this.phaseRuns,
      attempts: this.sealedAttempts(),
      children: this.children,
      ...eventWaitChanges(this),
      ...options,
    };
  }
}

/** What a new instance's creator says of it; a test run of a draft names its test revision (`flow` is that). */
export type StartFields = Pick<
  InstanceRecord,
  "id" | "tenantId" | "name" | "parentId" | "parentNodeId" | "idempotencyKey"
> & {
  testRevision?: number | null;
};

/** A new instance's first record and events: started, with its entered states ready to work on. */
export function startRunState(
  flow: CompiledFlow,
  fields: StartFields,
  input: Record<string, unknown>,
  deps: RunDeps,
): RunState {
  const at = deps.now();
  const started = start(flow, {});
  const record: InstanceRecord = {
    ...fields,
    testRevision: fields.testRevision ?? null,
    flowTypeId: flow.definition.id,
    version: flow.definition.version ?? 1,
    status: "running",
    snapshot: persist(started.snapshot),
    context: { input, phases: {}, vars: {} },
    currentNodes: [],
    rev: 0,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    finishedAt: null,
  };
  const run = new RunState(flow, record, deps, false);
  run.event("instance.created", null, { flowType: flow.definition.id, version: record.version });
  for (const state of started.entered) run.enter(state);
  return run;
}
