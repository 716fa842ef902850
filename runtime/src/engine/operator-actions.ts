/**
 * What operators do to an instance: execute (trigger a manual phase or decide an approval), pause, resume,
 * cancel, delete. Each reads the instance, calls the run aggregate and commits with the revision check, so
 * concurrent actions never lose an update. They answer within a bound instead of queueing (issue 15): actions on
 * one instance take turns in this process and wait at most BUDGET_MS for theirs (then 409 `busy`); a race lost
 * to the worker or to another process is retried after a short random pause while the budget allows (then 409
 * `stale`), and a commit waits at most LOCK_TIMEOUT_MS for the row another writer holds. The Engine's methods of
 * the same names call these.
 */
import { type ExecuteRequest, isEnded } from "@mfo/schemas";
import { notFound } from "../errors.js";
import type { Actor } from "../store/audit-repository.js";
import {
  childrenOf,
  commitInstance,
  type InstanceRecord,
  loadInstance,
  softDeleteInstance,
} from "../store/instances/index.js";
import { createInstanceTurns, type InstanceTurns } from "./instance-turns.js";
import { InstanceRun } from "./run/instance-run.js";
import { ConflictError, type EngineCore, type OperatorNote } from "./types.js";

/** Most tries of one action; a lost race is worth another look only while the budget allows. */
const ATTEMPTS = 5;
/**
 * How long an action may wait for its turn and retry lost races, in ms; an answer comes within it plus one read
 * and one commit. With 50 clients racing on one instance of durable PostgreSQL whose row another writer held 2 s
 * at a time, on a loaded 2-core machine, the p99 was 0.7 s (2.3 s before; 0.8-1.2 s with a budget of 500 ms;
 * `npm run bench`, operator race rows).
 */
const BUDGET_MS = 300;
/** The longest wait of a commit for the instance's row lock (PostgreSQL): another process's action or step. */
const LOCK_TIMEOUT_MS = 100;
/**
 * A random pause before the n-th retry, up to 5, 10, 20, 40 ms ("full jitter"), so that racers of different
 * processes do not reload and collide again in lockstep.
 */
const backoffMs = (attempt: number) => Math.random() * 5 * 2 ** (attempt - 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each engine's turns, without a field on EngineCore for what only operator actions use. */
const turnsOf = new WeakMap<EngineCore, InstanceTurns>();
function turns(core: EngineCore): InstanceTurns {
  const found = turnsOf.get(core);
  if (found) return found;
  const created = createInstanceTurns();
  turnsOf.set(core, created);
  return created;
}

/**
 * Loads the tenant's instance, applies `action` to its run and commits it (audited), in the instance's turn and
 * retrying a lost race, within BUDGET_MS (then ConflictError `busy` or `stale`).
 */
async function act(
  core: EngineCore,
  tenantId: string,
  id: string,
  action: string,
  actor: Actor | undefined,
  apply: (run: InstanceRun) => void,
  detail: Record<string, unknown> | null = null,
): Promise<InstanceRecord> {
  const started = performance.now();
  const prepare = async () => {
    const record = await loadInstance(core.db, id);
    if (!record || record.tenantId !== tenantId) throw notFound(`flow instance ${id}`);
    const run = InstanceRun.load(await core.compiled(record), record, core.deps);
    apply(run);
    return run.toCommit(actor ? { audit: { actor, action: `flow.${action}`, target: id, detail } } : {});
  };
  // A look before queueing: an action the instance refuses as it stands (unknown, already paused, nothing
  // waiting, ended) is answered at once, and only actions with something to commit wait for a turn.
  let commit = await prepare();
  const queued = turns(core).held(id);
  const release = await turns(core).take(id, BUDGET_MS - (performance.now() - started));
  if (!release) {
    throw new ConflictError(
      `the instance is busy: other operator actions on it went first for ${BUDGET_MS} ms; try again`,
      "busy",
    );
  }
  try {
    // After a wait, the others' commits may have changed what this action does (or whether it is allowed).
    if (queued) commit = await prepare();
    for (let attempt = 1; ; attempt++) {
      if (await commitInstance(core.db, commit, { lockTimeoutMs: LOCK_TIMEOUT_MS })) {
        core.wake();
        return commit.row;
      }
      const pause = backoffMs(attempt);
      const spent = performance.now() - started;
      if (attempt >= ATTEMPTS || spent + pause > BUDGET_MS) {
        throw new ConflictError(
          `the instance is busy: others kept changing or holding it (${attempt} tries in ${Math.round(spent)} ms); try again`,
          "stale",
        );
      }
      await sleep(pause);
      commit = await prepare();
    }
  } finally {
    release();
  }
}

export function pause(
  core: EngineCore,
  tenantId: string,
  id: string,
  actor?: Actor,
  note: OperatorNote = {},
): Promise<InstanceRecord> {
  return act(core, tenantId, id, "pause", actor, (run) => run.pause(note));
}

export function resume(
  core: EngineCore,
  tenantId: string,
  id: string,
  actor?: Actor,
  note: OperatorNote = {},
): Promise<InstanceRecord> {
  return act(core, tenantId, id, "resume", actor, (run) => run.resume(note));
}

export function execute(
  core: EngineCore,
  tenantId: string,
  id: string,
  request: ExecuteRequest,
  actor?: Actor,
  note: OperatorNote = {},
): Promise<InstanceRecord> {
  // The audit row says what was decided and why, beside the history's event.
  const detail = request.decision || request.comment ? { decision: request.decision, comment: request.comment } : null;
  return act(core, tenantId, id, "execute", actor, (run) => run.execute(request, note), detail);
}

/**
 * Cancels the instance, then the child instances its subflow nodes started that have not ended, and theirs too
 * (with the same note: who cancelled, and why).
 */
export async function cancel(
  core: EngineCore,
  tenantId: string,
  id: string,
  actor?: Actor,
  note: OperatorNote = {},
): Promise<InstanceRecord> {
  const detail = note.reason ? { reason: note.reason } : null;
  const record = await act(core, tenantId, id, "cancel", actor, (run) => run.cancel(note), detail);
  for (const child of await childrenOf(core.db, id)) {
    if (isEnded(child.status)) continue;
    await cancel(core, tenantId, child.id, actor, note).catch((error) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  }
  return record;
}

/** Soft delete: the rows stay (and the audit log says who), the instance leaves every list and answers 404. */
export async function remove(core: EngineCore, tenantId: string, id: string, actor?: Actor): Promise<void> {
  const record = await loadInstance(core.db, id);
  if (!record || record.tenantId !== tenantId) throw notFound(`flow instance ${id}`);
  if (!isEnded(record.status)) await cancel(core, tenantId, id, actor).catch(() => undefined);
  await softDeleteInstance(core.db, id, core.deps.now(), actor);
}
