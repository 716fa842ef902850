/**
 * What operators do to an instance: execute (trigger a manual phase or decide an approval), pause, resume,
 * cancel, delete. Each reads the instance, applies the action in memory and commits with the revision check;
 * a lost race is retried a few times and then answered with 409, so concurrent actions never lose an update.
 */
import type { ExecuteRequest } from "@mfo/schemas";
import { notFound } from "../errors.js";
import type { Actor } from "../store/audit.js";
import {
  childrenOf,
  commitInstance,
  type InstanceRecord,
  loadInstance,
  softDeleteInstance,
} from "../store/instances/index.js";
import type { Engine } from "./engine.js";
import { InstanceRun } from "./run/instance-run.js";
import { ConflictError } from "./types.js";

const ACTIVE = new Set(["running", "waiting", "paused"]);
const ATTEMPTS = 5;

async function withInstance(
  engine: Engine,
  tenantId: string,
  id: string,
  action: string,
  actor: Actor | undefined,
  apply: (run: InstanceRun) => void,
): Promise<InstanceRecord> {
  for (let attempt = 1; ; attempt++) {
    const record = await loadInstance(engine.db, id);
    if (!record || record.tenantId !== tenantId) throw notFound(`flow instance ${id}`);
    const run = InstanceRun.load(await engine.compiled(record), record, engine.deps);
    apply(run);
    const commit = run.toCommit(actor ? { audit: { actor, action: `flow.${action}`, target: id } } : {});
    if (await commitInstance(engine.db, commit)) {
      engine.wake();
      return commit.row;
    }
    if (attempt >= ATTEMPTS) throw new ConflictError("the instance changed meanwhile", "stale");
  }
}

export function pause(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  return withInstance(engine, tenantId, id, "pause", actor, (run) => run.pause());
}

export function resume(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  return withInstance(engine, tenantId, id, "resume", actor, (run) => run.resume());
}

export async function cancel(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  const record = await withInstance(engine, tenantId, id, "cancel", actor, (run) => run.cancel());
  await cancelChildren(engine, tenantId, id, actor);
  return record;
}

/** Cancels the still-active child instances that subflow nodes started, and theirs in turn. */
async function cancelChildren(engine: Engine, tenantId: string, parentId: string, actor?: Actor): Promise<void> {
  const children = await childrenOf(engine.db, parentId);
  for (const child of children) {
    if (!ACTIVE.has(child.status)) continue;
    await cancel(engine, tenantId, child.id, actor).catch((error) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  }
}

/** Soft delete: the rows stay (and the audit log says who), the instance leaves every list and answers 404. */
export async function remove(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<void> {
  const record = await loadInstance(engine.db, id);
  if (!record || record.tenantId !== tenantId) throw notFound(`flow instance ${id}`);
  if (ACTIVE.has(record.status)) await cancel(engine, tenantId, id, actor).catch(() => undefined);
  await softDeleteInstance(engine.db, id, engine.deps.now(), actor);
}

export function execute(
  engine: Engine,
  tenantId: string,
  id: string,
  request: ExecuteRequest,
  actor?: Actor,
): Promise<InstanceRecord> {
  return withInstance(engine, tenantId, id, "execute", actor, (run) => run.execute(request));
}
