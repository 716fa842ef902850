/**
 * What operators do to an instance: execute (trigger a manual phase or decide an approval), pause, resume,
 * cancel, delete. Each reads the instance, calls the run aggregate and commits with the revision check; a lost
 * race is retried a few times and then answered with 409, so concurrent actions never lose an update. The
 * Engine's methods of the same names call these.
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
import { InstanceRun } from "./run/instance-run.js";
import { ConflictError, type EngineCore } from "./types.js";

const ATTEMPTS = 5;

/** Loads the tenant's instance, applies `action` to its run and commits it (audited), retrying a lost race. */
async function act(
  core: EngineCore,
  tenantId: string,
  id: string,
  action: string,
  actor: Actor | undefined,
  apply: (run: InstanceRun) => void,
): Promise<InstanceRecord> {
  for (let attempt = 1; ; attempt++) {
    const record = await loadInstance(core.db, id);
    if (!record || record.tenantId !== tenantId) throw notFound(`flow instance ${id}`);
    const run = InstanceRun.load(await core.compiled(record), record, core.deps);
    apply(run);
    const commit = run.toCommit(actor ? { audit: { actor, action: `flow.${action}`, target: id } } : {});
    if (await commitInstance(core.db, commit)) {
      core.wake();
      return commit.row;
    }
    if (attempt >= ATTEMPTS) throw new ConflictError("the instance changed meanwhile", "stale");
  }
}

export function pause(core: EngineCore, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  return act(core, tenantId, id, "pause", actor, (run) => run.pause());
}

export function resume(core: EngineCore, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  return act(core, tenantId, id, "resume", actor, (run) => run.resume());
}

export function execute(
  core: EngineCore,
  tenantId: string,
  id: string,
  request: ExecuteRequest,
  actor?: Actor,
): Promise<InstanceRecord> {
  return act(core, tenantId, id, "execute", actor, (run) => run.execute(request));
}

/** Cancels the instance, then the child instances its subflow nodes started that have not ended, and theirs too. */
export async function cancel(core: EngineCore, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  const record = await act(core, tenantId, id, "cancel", actor, (run) => run.cancel());
  for (const child of await childrenOf(core.db, id)) {
    if (isEnded(child.status)) continue;
    await cancel(core, tenantId, child.id, actor).catch((error) => {
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
