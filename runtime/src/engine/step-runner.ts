/**
 * One step of a claimed instance: fire its due timers, advance through pure nodes in memory, and at each
 * side-effecting phase commit the attempt's start, run the handler outside any transaction (the lease held),
 * then apply the result to the freshest row (so a pause that arrived meanwhile keeps the finished step).
 */
import { isActive, type PhaseNode } from "@mfo/schemas";
import type { CompiledFlow } from "../compiler/compile-flow.js";
import {
  type AuditRow,
  type ClaimedInstance,
  commitInstance,
  type InstanceRecord,
  loadInstance,
} from "../store/instances/index.js";
import { advance } from "./advance.js";
import { timeoutOf } from "./retry-policy.js";
import { InstanceRun, type StepState } from "./run/instance-run.js";
import { type PhaseResult, runPhase } from "./run-phase.js";
import type { EngineCore } from "./types.js";
import type { Lease } from "./worker.js";

/** Commits a run; a lost race returns undefined (the winner's state stands and the work is picked up again). */
export async function commitRun(
  core: EngineCore,
  run: InstanceRun,
  options?: { audit?: AuditRow; releaseLeaseOf?: string },
): Promise<InstanceRecord | undefined> {
  const commit = run.toCommit(options);
  if (!(await commitInstance(core.db, commit))) return undefined;
  core.observer?.committed(commit);
  // A wait that found its event already buffered got an "event" timer due now: picked up at once.
  if (commit.eventWaits?.length) core.wake();
  return commit.row;
}

/** Times a step's results are applied to a fresher row after its commit lost a race, before it gives up. */
const LOST_RACE_RETRIES = 5;

export interface StepRunnerOptions {
  /** How long a claim's lease lasts (the watchdog of a started attempt waits for it to lapse). */
  leaseMs: number;
  /** Interruptions in a row of one step after which its instance is quarantined (0: never). */
  quarantineAfter: number;
}

/**
 * The step runner of an engine: advances one claimed instance as far as it goes and returns whether its last
 * commit released the lease (its usual end: no extra round trip).
 */
export function createStepRunner(
  core: EngineCore,
  { leaseMs, quarantineAfter }: StepRunnerOptions,
): (claimed: ClaimedInstance, lease: Lease) => Promise<boolean> {
  const { db, deps } = core;

  /**
   * Applies finished attempts to the freshest row: an operator may have paused it meanwhile (the results are
   * kept, nothing further runs) or cancelled it (they are dropped). Returns the run to carry on with.
   */
  const applyResults = async (
    flow: CompiledFlow,
    id: string,
    started: Array<{ state: string; step: { attempt: number } }>,
    results: PhaseResult[],
  ): Promise<InstanceRun | undefined> => {
    const fresh = await loadInstance(db, id);
    if (!fresh || !isActive(fresh.status)) return undefined;
    const run = InstanceRun.load(flow, fresh, deps);
    started.forEach((s, i) => {
      if (run.isRunning(s.state, s.step.attempt)) run.applyPhaseResult(s.state, results[i] as PhaseResult);
    });
    if (run.status !== "paused") return run;
    await commitRun(core, run);
    return undefined;
  };

  return async (loaded, lease) => {
    // The claim returned the row and its due timers (read under the claim's lock): no read before the work.
    const { id } = loaded.record;
    if (loaded.record.status !== "running") return false;
    const flow = await core.compiled(loaded.record);
    let run: InstanceRun | undefined = InstanceRun.load(flow, loaded.record, deps);
    run.recoverInterrupted(quarantineAfter);
    await run.fireTimers(loaded.due, (childId) => loadInstance(db, childId));
    // A step that kept killing its process is not run again: the quarantine is committed and the lease let go.
    if (run.status === "quarantined") {
      const committed = await commitRun(core, run, { releaseLeaseOf: lease.owner });
      if (committed) deps.logger.warn({ instanceId: id, lastError: committed.lastError }, "instance quarantined");
      return committed !== undefined;
    }
    /** Results of this process's attempts that no commit has written yet. */
    let unwritten: { started: Array<{ state: string; step: StepState }>; results: PhaseResult[] } | undefined;
    let lost = 0;
    // A commit lost to a concurrent change (an operator's): the results this process holds are applied to the
    // freshest row again, so a finished attempt is neither dropped nor later taken for an interrupted one.
    const afterLostRace = async (): Promise<InstanceRun | undefined> =>
      unwritten && ++lost <= LOST_RACE_RETRIES
        ? applyResults(flow, id, unwritten.started, unwritten.results)
        : undefined;
    for (let round = 0; run && round < 10_000; round++) {
      const current: InstanceRun = run;
      const boundaries = await advance(current, deps);
      current.settleStatus();
      if (boundaries.length === 0) {
        if (!current.dirty) return false;
        if (await commitRun(core, current, { releaseLeaseOf: lease.owner })) return true;
        run = await afterLostRace();
        continue;
      }
      const started = boundaries.map((state) => {
        const attempt = current.beginAttempt(state);
        const node = current.nodeOf(state) as PhaseNode;
        // Watchdog: should this attempt's result never be committed (the process dies, or keeps losing races),
        // the instance is woken after the attempt's timeout and the lease, and the attempt runs again.
        const due = deps.now().getTime() + timeoutOf(flow.definition, node) + leaseMs;
        current.watchdog(state, new Date(due));
        return { state, attempt, node, step: current.step(state) as StepState };
      });
      if (!(await commitRun(core, current))) {
        run = await afterLostRace();
        continue;
      }
      unwritten = undefined;
      // Handlers see the context opened (the committed row holds its secrets sealed).
      const { context } = current;
      const redact = current.redactor();
      const results = await Promise.all(
        started.map((s) =>
          runPhase(deps, flow.definition, s.node, context, {
            instanceId: id,
            tenantId: current.tenantId,
            attempt: s.attempt,
            redact,
            ...(s.step.input ? { input: s.step.input } : {}),
          }),
        ),
      );
      unwritten = { started, results };
      run = await applyResults(flow, id, started, results);
    }
    return false;
  };
}
