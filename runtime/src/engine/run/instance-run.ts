/**
 * The run aggregate: one instance's state while the engine or an operator changes it. Every change to an
 * instance is a method here (a node completed, failed, an attempt begun, a wait, a child started or finished,
 * timers fired, pause, resume, cancel, execute), and the step it adds up to leaves as ONE plain commit record
 * (toCommit). Nothing outside engine/run/ changes a run's state.
 */
import type { ExecuteRequest, InstanceContext, InstanceStatus } from "@mfo/schemas";
import type { CompiledFlow } from "../../compiler/compile-flow.js";
import type { AuditRow, DueTimer, InstanceCommit, InstanceRecord, NewInstance } from "../../store/instances/index.js";
import type { PhaseResult } from "../run-phase.js";
import type { OperatorNote } from "../types.js";
import { type AttemptFields, markStarted } from "./attempts.js";
import type { StepState } from "./bookkeeping.js";
import * as events from "./event-transitions.js";
import * as node from "./node-transitions.js";
import * as operator from "./operator-transitions.js";
import * as recovery from "./recovery.js";
import { type RunDeps, RunState, type StartFields, startRunState } from "./run-state.js";

export type { RunDeps, StepState };

export class InstanceRun {
  private constructor(private readonly state: RunState) {}

  /** A stored instance (its context sealed as stored), ready to be changed. */
  static load(flow: CompiledFlow, row: InstanceRecord, deps: RunDeps): InstanceRun {
    return new InstanceRun(new RunState(flow, row, deps));
  }

  /** A new instance of `flow`: started, with its entered states ready to work on. */
  static start(flow: CompiledFlow, fields: StartFields, input: Record<string, unknown>, deps: RunDeps): InstanceRun {
    return new InstanceRun(startRunState(flow, fields, input, deps));
  }

  get id(): string {
    return this.state.row.id;
  }

  get tenantId(): string {
    return this.state.row.tenantId;
  }

  get flow(): CompiledFlow {
    return this.state.flow;
  }

  get status(): InstanceStatus {
    return this.state.status;
  }

  get finished(): boolean {
    return this.state.finishedAt !== null;
  }

  /** The flow context, its sealed values opened: what expressions and handlers read. */
  get context(): Readonly<InstanceContext> {
    return this.state.context;
  }

  /** Whether anything changed that a commit must write. */
  get dirty(): boolean {
    return this.state.dirty;
  }

  nodeOf(state: string) {
    return this.state.nodeOf(state);
  }

  /** A copy of a state's bookkeeping (undefined when the state is not active). */
  step(state: string): StepState | undefined {
    const step = this.state.book.steps[state];
    return step ? { ...step } : undefined;
  }

  /** Active states ready to be worked on. */
  readyStates(): string[] {
    return this.state.active().filter((s) => this.state.book.steps[s]?.status === "ready");
  }

  /** Cuts the text of the secrets this instance holds out of messages (errors, log lines) as "[redacted]". */
  redactor(): (text: string) => string {
    return this.state.redactor();
  }

  at(): Date {
    return this.state.at();
  }

  // What happens to nodes (node-transitions.ts).

  /** `fields` adds to the node's attempt row (a decision's conditions, say). */
  completeNode(state: string, output?: unknown, edge?: string, fields?: AttemptFields): void {
    node.completeNode(this.state, state, output, edge, fields);
  }

  failNode(state: string, code: string, message: string, fields?: AttemptFields): void {
    node.failNode(this.state, state, code, message, fields);
  }

  /** A parallel node is passed at once: its branches were entered with it; the join leaves it. */
  passParallel(state: string): void {
    this.state.stepOf(state).status = "waiting";
    this.state.event("node.completed", this.nodeOf(state).id);
  }

  /** An approval, or a manual phase not yet triggered, waits for an operator's execute. */
  awaitOperator(state: string, waitingFor: "approval" | "execute"): void {
    this.state.stepOf(state).status = "waiting";
    this.state.event("node.waiting", this.nodeOf(state).id, { for: waitingFor });
    markStarted(this.state, state);
  }

  scheduleWait(state: string, due: Date): void {
    node.scheduleWait(this.state, state, due);
  }

  /** A wait node waits for the correlated event `name` with `key` (registered by this step's commit). */
  awaitEvent(state: string, name: string, key: string): void {
    events.awaitEvent(this.state, state, name, key);
  }

  startChild(state: string, child: NewInstance): void {
    node.startChild(this.state, state, child);
  }

  /** Starts a phase attempt; returns its number. */
  beginAttempt(state: string): number {
    return node.beginAttempt(this.state, state);
  }

  /** A watchdog on a started attempt: should its result never be committed, the instance wakes at `due`. */
  watchdog(state: string, due: Date): void {
    this.state.timer("run", state, due);
  }

  applyPhaseResult(state: string, result: PhaseResult): void {
    node.applyPhaseResult(this.state, state, result);
  }

  /** Whether the state still runs its `attempt`-th attempt since it was entered (else a result for it is stale). */
  isRunning(state: string, attempt: number): boolean {
    const step = this.state.book.steps[state];
    return step?.status === "running" && step.attempt === attempt;
  }

  /**
   * Attempts a dead process left running run again, or the instance is quarantined once a state was interrupted
   * `quarantineAfter` times in a row (see recovery.ts).
   */
  recoverInterrupted(quarantineAfter: number): void {
    recovery.recoverInterrupted(this.state, quarantineAfter);
  }

  fireTimers(due: readonly DueTimer[], loadChild: (id: string) => Promise<InstanceRecord | undefined>): Promise<void> {
    return node.fireTimers(this.state, due, loadChild);
  }

  /** The status an unfinished instance shows: running while anything can move without a person. */
  settleStatus(): void {
    this.state.settleStatus();
  }

  // What operators do (operator-transitions.ts).

  pause(note?: OperatorNote): void {
    operator.pause(this.state, note);
  }

  resume(note?: OperatorNote): void {
    operator.resume(this.state, note);
  }

  cancel(note?: OperatorNote): void {
    operator.cancel(this.state, note);
  }

  execute(request: ExecuteRequest, note?: OperatorNote): void {
    operator.execute(this.state, request, note);
  }

  // What leaves the aggregate.

  /** The step as a plain commit record (see RunState.toCommit). */
  toCommit(options: { audit?: AuditRow; releaseLeaseOf?: string } = {}): InstanceCommit {
    return this.state.toCommit(options);
  }

  /** A new instance as its first insert writes it: the record and its first events. */
  toNew(): NewInstance {
    return { record: this.state.toRecord(), events: this.state.events };
  }
}
