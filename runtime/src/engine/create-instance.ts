/**
 * A client's create: the new instance runs its pure steps in memory before anything is written, exactly as the
 * worker's step would (the same advance(), so the same events, history, phase runs and transform chaining), up
 * to the first thing that needs the worker or someone else: a side-effecting phase, an operator's wait (approval,
 * manual phase), a wait or retry timer, a subflow, or the end. ONE statement then writes the instance as it
 * stands with all its events, timers, phase runs and the audit row: an all-pure flow is created, run and
 * finished in one commit, and the record returned is the finished one (issue 17). A "run now" timer is written
 * only when work is ready that the worker must do (a side-effecting phase, a subflow, or what the time budget
 * left), and the worker is woken for it.
 *
 * - Subflows: the create stops before a subflow node (its child is created by the worker's commit, in one
 *   transaction with the parent's step, as before). Children themselves are written as started, with a "run
 *   now" timer (Engine.prepare, insertInstance): their pure steps run in the worker, in the parent's process.
 * - Correlated events: the create stops before a wait with `event` too (its registration is the worker commit's).
 * - Time: each expression runs in the expression pool with its limits, as in the worker. The create stops
 *   taking new steps once `budgetMs` has passed (then the worker carries on from there: the history is the
 *   same), so a flow of many slow steps holds the request for at most the budget plus one step's limit.
 * - Failures: an expression's failure fails its node as the worker's step would (advance() handles it). An
 *   unexpected error (a bug, the pool shutting down) leaves the instance to the worker as before: it is written
 *   as started, with a "run now" timer, and the same error then surfaces in the worker.
 * - Crashes: nothing is written before the one statement, so a process that dies meanwhile leaves no instance
 *   and the client no 201 (its connection fails), as for any create that failed; a retry with the same
 *   idempotency key creates it then. Once the statement committed, the instance is durable as it stands.
 */
import type { CreateInstanceRequest } from "@mfo/schemas";
import type { Actor } from "../store/audit-repository.js";
import {
  type AuditRow,
  findByIdempotencyKey,
  type InstanceRecord,
  type InstanceStart,
  insertStartedInstance,
  type NewTimer,
} from "../store/instances/index.js";
import { advance } from "./advance.js";
import type { InstanceRun } from "./run/instance-run.js";
import type { EngineCore } from "./types.js";

/** How long a create may spend on an instance's pure steps before it leaves the rest to the worker (ms). */
export const DEFAULT_CREATE_BUDGET_MS = 1_000;

export interface CreateRequest {
  tenantId: string;
  request: CreateInstanceRequest;
  actor: Actor | undefined;
  /** The new instance's run, started (the flow looked up, the input checked); not stored. */
  start(): Promise<InstanceRun>;
  /** See DEFAULT_CREATE_BUDGET_MS; 0 runs nothing at create (every step is the worker's, as before issue 17). */
  budgetMs: number;
  /**
   * The audit row's action and detail when not a plain create (flow.create): a test run of a draft, a webhook
   * call. Its target is the new instance's id unless given (a webhook call's is the hook; the detail then gets
   * the instance's id as `instanceId`).
   */
  audit?: { action: string; detail: Record<string, unknown>; target?: string };
}

/** Creates an instance; a repeated idempotency key returns the instance it created first. */
export async function createInstance(
  core: EngineCore,
  create: CreateRequest,
): Promise<{ record: InstanceRecord; created: boolean }> {
  const { db } = core;
  const { tenantId, request, actor } = create;
  const key = request.idempotencyKey;
  if (key) {
    const existing = await findByIdempotencyKey(db, tenantId, key);
    if (existing) return { record: existing, created: false };
  }
  const audit: AuditRow | undefined = actor
    ? { actor, target: null, ...(create.audit ?? { action: "flow.create", detail: { flowType: request.flowType } }) }
    : undefined;
  const start = await startWithPureSteps(core, create, audit);
  try {
    await insertStartedInstance(db, start);
  } catch (error) {
    // Two creates with one key at once: the unique index lets one in; the other returns its instance.
    const existing = key ? await findByIdempotencyKey(db, tenantId, key) : undefined;
    if (existing) return { record: existing, created: false };
    throw error;
  }
  core.observer?.committed({ row: start.record, events: start.events, phaseRuns: start.phaseRuns, children: [] });
  const now = core.deps.now().getTime();
  if (start.timers.some((t) => t.dueAt.getTime() <= now)) core.wake();
  return { record: start.record, created: true };
}

/** The new instance as the create statement writes it: started, then moved through its pure steps. */
async function startWithPureSteps(
  core: EngineCore,
  create: CreateRequest,
  audit: AuditRow | undefined,
): Promise<InstanceStart> {
  const { deps } = core;
  const run = await create.start();
  // A row about another object (a webhook call's names the hook) names the new instance in its detail.
  const audited = (id: string) =>
    audit
      ? { audit: audit.target ? { ...audit, detail: { ...audit.detail, instanceId: id } } : { ...audit, target: id } }
      : {};
  const runNow = (id: string): NewTimer => ({ instanceId: id, kind: "run", nodeId: null, dueAt: deps.now() });
  try {
    const began = performance.now();
    await advance(run, deps, {
      // A subflow's child goes in the same transaction as its parent's step, and a wait for an event is
      // registered in the transaction of the step that reaches it: the worker's commit does both.
      stopBefore: (node) =>
        node.type === "subflow" ||
        (node.type === "wait" && node.event !== undefined) ||
        performance.now() - began >= create.budgetMs,
    });
  } catch (error) {
    deps.logger.warn(
      { err: String(error), instanceId: run.id },
      "the create's pure steps failed; the worker runs them",
    );
    const started = (await create.start()).toNew();
    return {
      ...started,
      timers: [runNow(started.record.id)],
      phaseRuns: [],
      attempts: [],
      ...audited(started.record.id),
    };
  }
  run.settleStatus();
  const commit = run.toCommit();
  // What the worker must do next: what advance() left ready (a side-effecting phase, a subflow, the rest of a
  // spent budget). Waits and retries brought their own timers; an ended instance needs none.
  const timers = run.finished ? [] : [...commit.timers, ...(run.readyStates().length > 0 ? [runNow(run.id)] : [])];
  return {
    record: commit.row,
    events: [...commit.events],
    timers,
    phaseRuns: commit.phaseRuns,
    attempts: commit.attempts,
    ...audited(run.id),
  };
}
