/**
 * What operators do to an instance: execute (trigger a manual phase or decide an approval), pause, resume,
 * cancel, delete. Each reads the instance, applies the action in memory and commits with the revision check;
 * a lost race is retried a few times and then answered with 409, so concurrent actions never lose an update.
 */
import type { ExecuteRequest } from "@mfo/schemas";
import { invalid, notFound } from "../errors.js";
import type { Actor } from "../store/audit.js";
import {
  childrenOf,
  commitInstance,
  type InstanceRecord,
  loadInstance,
  softDeleteInstance,
} from "../store/instances/index.js";
import { completeNode } from "./advance.js";
import type { Engine } from "./engine.js";
import { ConflictError } from "./types.js";
import { Work } from "./work.js";

const ACTIVE = new Set(["running", "waiting", "paused"]);
const ATTEMPTS = 5;

async function withInstance(
  engine: Engine,
  tenantId: string,
  id: string,
  action: string,
  actor: Actor | undefined,
  apply: (work: Work) => void | Promise<void>,
): Promise<InstanceRecord> {
  for (let attempt = 1; ; attempt++) {
    const record = await loadInstance(engine.db, id);
    if (!record || record.tenantId !== tenantId) throw notFound(`flow instance ${id}`);
    const work = new Work(await engine.compiled(record), record, engine.deps);
    await apply(work);
    const commit = work.toCommit(actor ? { audit: { actor, action: `flow.${action}`, target: id } } : {});
    if (await commitInstance(engine.db, commit)) {
      engine.wake();
      return commit.row;
    }
    if (attempt >= ATTEMPTS) throw new ConflictError("the instance changed meanwhile", "stale");
  }
}

function requireActive(work: Work, action: string): void {
  if (!ACTIVE.has(work.status)) throw new ConflictError(`cannot ${action} a flow that has ${work.status}`, "ended");
}

/** Wakes the instance now, for the worker (in this process or another). */
function runNow(work: Work): void {
  work.timer("run", null, work.at());
}

export function pause(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  return withInstance(engine, tenantId, id, "pause", actor, (work) => {
    requireActive(work, "pause");
    if (work.status === "paused") throw new ConflictError("the flow is already paused", "paused");
    work.status = "paused";
    work.event("instance.paused");
  });
}

export function resume(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  return withInstance(engine, tenantId, id, "resume", actor, (work) => {
    if (work.status === "failed") {
      if (!work.rewind()) throw new ConflictError("this failed flow has no step to resume from", "not-resumable");
    } else if (work.status === "paused") {
      work.status = "running";
      work.settleStatus();
    } else {
      throw new ConflictError(`only a paused or failed flow can be resumed; this one is ${work.status}`, "not-paused");
    }
    work.event("instance.resumed");
    runNow(work);
  });
}

export async function cancel(engine: Engine, tenantId: string, id: string, actor?: Actor): Promise<InstanceRecord> {
  const record = await withInstance(engine, tenantId, id, "cancel", actor, (work) => {
    requireActive(work, "cancel");
    work.status = "cancelled";
    work.finishedAt = work.at();
    work.book.steps = {};
    work.event("instance.cancelled");
    if (work.row.parentId) work.wakeParent = true;
  });
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

/** Waiting states an operator can act on: approvals, and manual phases not yet triggered. */
function waitingStates(work: Work): string[] {
  return work.active().filter((state) => {
    const step = work.book.steps[state];
    const node = work.nodeOf(state);
    return step?.status === "waiting" && (node.type === "approval" || (node.type === "phase" && !step.triggered));
  });
}

export function execute(
  engine: Engine,
  tenantId: string,
  id: string,
  request: ExecuteRequest,
  actor?: Actor,
): Promise<InstanceRecord> {
  return withInstance(engine, tenantId, id, "execute", actor, (work) => {
    if (work.status === "paused") throw new ConflictError("the flow is paused; resume it first", "paused");
    requireActive(work, "execute a step of");
    const waiting = waitingStates(work);
    const candidates = request.node === undefined ? waiting : waiting.filter((s) => work.nodeOf(s).id === request.node);
    if (candidates.length === 0) {
      const what = request.node === undefined ? "no step" : `step "${request.node}" is not one that`;
      throw new ConflictError(`${what} waits for an operator`, "nothing-waiting");
    }
    if (candidates.length > 1 && request.node === undefined) {
      const names = [...new Set(candidates.map((s) => work.nodeOf(s).id))].join(", ");
      throw new ConflictError(`several steps wait (${names}); name one with "node"`, "ambiguous");
    }
    const state = candidates[0] as string;
    const node = work.nodeOf(state);
    if (node.type === "approval") {
      if (request.decision === undefined) {
        throw invalid(`approval "${node.id}" needs a decision`, [
          { path: "/decision", code: "missing-property", message: 'give "decision": "approve" or "reject"' },
        ]);
      }
      const edge = (work.flow.outgoing.get(node.id) ?? []).find((e) => e.on === request.decision);
      if (!edge) throw new ConflictError(`approval "${node.id}" has no "${request.decision}" path`, "no-such-decision");
      const output = { decision: request.decision, ...(request.comment ? { comment: request.comment } : {}) };
      const at = work.at().toISOString();
      // The decision is the approval's output, so later expressions can read phases.<id>.output.decision.
      Object.assign(work.phase(node.id), { output, status: "completed", attempts: 1, startedAt: at, finishedAt: at });
      work.event("node.decided", node.id, output);
      completeNode(work, state, undefined, edge.id);
    } else {
      if (request.decision !== undefined) {
        throw invalid(`"${node.id}" is a manual phase, not an approval`, [
          { path: "/decision", code: "unknown-property", message: "only approvals take a decision" },
        ]);
      }
      const step = work.stepOf(state);
      Object.assign(step, { status: "ready", triggered: true, ...(request.input ? { input: request.input } : {}) });
      work.event("node.triggered", node.id, request.input ? { input: request.input } : null);
    }
    work.settleStatus();
    runNow(work);
  });
}
