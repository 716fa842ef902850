/** Instance routes: create, list, read, history, and the operator actions. */
import {
  ACTIVE_STATUSES,
  type CreateInstanceRequest,
  ENDED_STATUSES,
  type ExecuteRequest,
  INSTANCE_STATUSES,
  type InstanceStatus,
} from "@mfo/schemas";
import { and, asc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { loadInstance } from "../../engine/instance-store.js";
import { cancel, execute, pause, remove, resume } from "../../engine/operator-actions.js";
import type { InstanceRecord } from "../../engine/types.js";
import { invalidQuery, notFound } from "../../errors.js";
import type { Actor } from "../../store/audit-repository.js";
import { events, instances } from "../../store/schema.js";
import type { RouteCall, RouteHandler } from "../context.js";
import { actorOf } from "../context.js";
import { presentEvent, presentInstance, presentStatus, presentSummary } from "../presenters.js";
import { isUuid } from "../request-checks.js";

const STATUSES = new Set<InstanceStatus>(INSTANCE_STATUSES);

/** The caller's instance, or 404 (another tenant's answers exactly like a missing one). */
export async function own(call: RouteCall): Promise<InstanceRecord> {
  const id = call.param("id");
  const record = isUuid(id) ? await loadInstance(call.deps.db, id) : undefined;
  if (!record || record.tenantId !== call.principal.tenantId) throw notFound(`flow instance ${id}`);
  return record;
}

async function instanceBody(call: RouteCall, record: InstanceRecord) {
  const flow = await call.deps.engine.compiled(record);
  return presentInstance(record, flow.definition);
}

/** Runs an operator action (audited in its own transaction) on the caller's instance; answers the instance. */
async function act(call: RouteCall, run: (tenant: string, id: string, actor: Actor) => Promise<InstanceRecord>) {
  const record = await own(call);
  const updated = await run(call.principal.tenantId, record.id, actorOf(call));
  return call.c.json(await instanceBody(call, updated), 200);
}

/** Cursor: base64url of [createdAt ISO, id] of the last item of the previous page. */
function decodeCursor(text: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    // Only what this API writes: an instance id and a time PostgreSQL can compare (not a forged year -100000).
    if (typeof id !== "string" || !isUuid(id) || !(date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999))
      throw new Error("bad");
    return { at: date, id };
  } catch {
    throw invalidQuery("cursor", "the cursor is not one this API gave out");
  }
}

export const flowRoutes = {
  "post /flows": async (call) => {
    const { record, created } = await call.deps.engine.create(
      call.principal.tenantId,
      call.body as CreateInstanceRequest,
      actorOf(call),
    );
    return call.c.json(await instanceBody(call, record), created ? 201 : 200);
  },

  "get /flows": async (call) => {
    const q = call.c.req.query();
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw invalidQuery("limit", "limit must be a whole number from 1 to 200");
    const where: SQL[] = [eq(instances.tenantId, call.principal.tenantId), isNull(instances.deletedAt)];
    if (q.status !== undefined) {
      if (!STATUSES.has(q.status as InstanceStatus))
        throw invalidQuery("status", `status must be one of ${[...STATUSES].join(", ")}`);
      where.push(eq(instances.status, q.status as InstanceStatus));
    }
    if (q.flowType !== undefined) where.push(eq(instances.flowTypeId, q.flowType));
    if (q.active !== undefined) {
      if (q.active !== "true" && q.active !== "false") throw invalidQuery("active", "active must be true or false");
      const active: InstanceStatus[] = [...ACTIVE_STATUSES];
      const ended: InstanceStatus[] = [...ENDED_STATUSES];
      where.push(inArray(instances.status, q.active === "true" ? active : ended));
    }
    if (q.cursor !== undefined) {
      const { at, id } = decodeCursor(q.cursor);
      where.push(or(lt(instances.createdAt, at), and(eq(instances.createdAt, at), lt(instances.id, id))) as SQL);
    }
    const rows = await call.deps.db
      .select({
        id: instances.id,
        tenantId: instances.tenantId,
        flowTypeId: instances.flowTypeId,
        version: instances.version,
        name: instances.name,
        status: instances.status,
        currentNodes: instances.currentNodes,
        rev: instances.rev,
        parentId: instances.parentId,
        parentNodeId: instances.parentNodeId,
        idempotencyKey: instances.idempotencyKey,
        lastError: instances.lastError,
        createdAt: instances.createdAt,
        updatedAt: instances.updatedAt,
        finishedAt: instances.finishedAt,
      })
      .from(instances)
      .where(and(...where))
      // Exactly the order of the instances_list index (DESC NULLS LAST): a plain DESC (nulls first) is another
      // order to the planner, which then sorted a tenant's whole history instead of reading the index.
      .orderBy(sql`${instances.createdAt} desc nulls last`, sql`${instances.id} desc nulls last`)
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url")
        : null;
    return call.c.json({
      items: page.map((r) => presentSummary({ ...r, lastError: r.lastError ?? null })),
      nextCursor,
    });
  },

  "get /flows/:id": async (call) => call.c.json(await instanceBody(call, await own(call))),

  "get /flows/:id/status": async (call) => {
    const record = await own(call);
    const flow = await call.deps.engine.compiled(record);
    return call.c.json(presentStatus(record, flow.definition));
  },

  "get /flows/:id/events": async (call) => {
    const record = await own(call);
    const rows = await call.deps.db
      .select()
      .from(events)
      .where(eq(events.instanceId, record.id))
      .orderBy(asc(events.seq));
    return call.c.json({ items: rows.map(presentEvent) });
  },

  "post /flows/:id/execute": (call) =>
    act(call, (tenant, id, actor) => execute(call.deps.engine, tenant, id, (call.body ?? {}) as ExecuteRequest, actor)),
  "post /flows/:id/pause": (call) => act(call, (tenant, id, actor) => pause(call.deps.engine, tenant, id, actor)),
  "post /flows/:id/resume": (call) => act(call, (tenant, id, actor) => resume(call.deps.engine, tenant, id, actor)),
  "post /flows/:id/cancel": (call) => act(call, (tenant, id, actor) => cancel(call.deps.engine, tenant, id, actor)),

  "delete /flows/:id": async (call) => {
    const record = await own(call);
    await remove(call.deps.engine, call.principal.tenantId, record.id, actorOf(call));
    return call.c.body(null, 204);
  },
} satisfies Record<string, RouteHandler>;
