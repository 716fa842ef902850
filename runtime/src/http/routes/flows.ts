/** Instance routes: create, list, read, history, and the operator actions. */
import {
  ACTIVE_STATUSES,
  API_PREFIX,
  type CancelRequest,
  type CreateInstanceRequest,
  ENDED_STATUSES,
  type ExecuteRequest,
  INSTANCE_STATUSES,
  type InstanceStatus,
  isEnded,
} from "@mfo/schemas";
import type { OperatorNote } from "../../engine/types.js";
import { invalidQuery, notFound } from "../../errors.js";
import type { Actor } from "../../store/audit-repository.js";
import {
  eventsOf,
  type InstanceRecord,
  listInstances,
  readInstance,
  readStatus,
  statusOrDeleted,
} from "../../store/instances/index.js";

import type { RouteCall, RouteHandler } from "../context.js";
import { actedBy, actorOf } from "../context.js";
import { createWaitOf, DEFAULT_MAX_CREATE_WAIT_SECONDS } from "../create-wait.js";
import { outputOf } from "../instance-output.js";
import { presentEvent, presentInstance, presentStatus, presentSummary } from "../presenters.js";
import { isUuid } from "../request-checks.js";

const STATUSES = new Set<InstanceStatus>(INSTANCE_STATUSES);
const TEST_CHOICES = new Set(["exclude", "include", "only"]);

/** The caller's instance, or 404 (another tenant's answers exactly like a missing one). */
export async function own(call: RouteCall): Promise<InstanceRecord> {
  const id = call.param("id");
  const record = isUuid(id) ? await readInstance(call.deps.db, call.principal.tenantId, id) : undefined;
  if (!record) throw notFound(`flow instance ${id}`);
  return record;
}

async function instanceBody(call: RouteCall, record: InstanceRecord) {
  const flow = await call.deps.engine.compiled(record);
  return presentInstance(record, flow.definition);
}

/**
 * Runs an operator action (audited in its own transaction) on the caller's instance; answers the instance. The
 * history's event names the caller's key (note.by).
 */
async function act(
  call: RouteCall,
  run: (tenant: string, id: string, actor: Actor, note: OperatorNote) => Promise<InstanceRecord>,
) {
  const id = call.param("id");
  // The engine loads the instance and answers 404 for a missing one or another tenant's: loading it here as well
  // cost every action a second query (felt most on PGlite, where 50 racing clients share one connection).
  if (!isUuid(id)) throw notFound(`flow instance ${id}`);
  const updated = await run(call.principal.tenantId, id, actorOf(call), { by: actedBy(call) });
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

/** What a create answers: the instance and whether this request created it (not a repeated idempotency key). */
type Created = { record: InstanceRecord; created: boolean };

/** Answers a create (POST /flows, a test run of a draft): with a wait asked for, create and wait; else at once. */
export async function answerCreate(call: RouteCall, create: () => Promise<Created>) {
  const wait = createWaitOf(call.c, call.deps.maxCreateWaitSeconds ?? DEFAULT_MAX_CREATE_WAIT_SECONDS);
  if (wait) return createAndWait(call, wait, create);
  const { record, created } = await create();
  return call.c.json(await instanceBody(call, record), created ? 201 : 200);
}

/**
 * Create and wait: answers once the instance has ended (201, or 200 for a repeated idempotency key), with its
 * `output`; else, when the wait passes, the instance stops for a person, the client goes away or the runtime
 * stops, 202 with the instance as last known and where to follow it. An instance the create ran to its end
 * answers at once.
 */
async function createAndWait(
  call: RouteCall,
  wait: { ms: number; applied: string },
  create: () => Promise<Created> = () =>
    call.deps.engine.create(call.principal.tenantId, call.body as CreateInstanceRequest, actorOf(call)),
) {
  const { c, deps } = call;
  const endings = deps.endings;
  // Taken before the create, so an end committing before the wait subscribes is not missed.
  const mark = endings?.mark();
  let outcome: Created;
  try {
    outcome = await create();
  } catch (error) {
    mark?.release();
    throw error;
  }
  // An instance already ended (or stopped for a person) is answered at once; the client going away (its
  // connection closed) releases the wait.
  const record =
    endings && mark
      ? await endings.wait({ record: outcome.record, mark, ms: wait.ms, signal: c.req.raw.signal })
      : outcome.record;
  c.header("preference-applied", wait.applied);
  const flow = await deps.engine.compiled(record);
  const body = presentInstance(record, flow.definition);
  if (isEnded(record.status)) return c.json({ ...body, output: outputOf(record, flow) }, outcome.created ? 201 : 200);
  const at = `${API_PREFIX}/flows/${record.id}`;
  c.header("location", at);
  return c.json({ ...body, statusUrl: `${at}/status` }, 202);
}

export const flowRoutes = {
  "post /flows": (call) =>
    answerCreate(call, () =>
      call.deps.engine.create(call.principal.tenantId, call.body as CreateInstanceRequest, actorOf(call)),
    ),

  "get /flows": async (call) => {
    const q = call.c.req.query();
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw invalidQuery("limit", "limit must be a whole number from 1 to 200");
    if (q.status !== undefined && !STATUSES.has(q.status as InstanceStatus))
      throw invalidQuery("status", `status must be one of ${[...STATUSES].join(", ")}`);
    if (q.active !== undefined && q.active !== "true" && q.active !== "false")
      throw invalidQuery("active", "active must be true or false");
    if (q.test !== undefined && !TEST_CHOICES.has(q.test))
      throw invalidQuery("test", "test must be exclude, include or only");
    const active: InstanceStatus[] = [...ACTIVE_STATUSES];
    const ended: InstanceStatus[] = [...ENDED_STATUSES];
    const page = await listInstances(call.deps.db, {
      tenantId: call.principal.tenantId,
      limit,
      ...(q.status !== undefined ? { status: q.status as InstanceStatus } : {}),
      ...(q.flowType !== undefined ? { flowType: q.flowType } : {}),
      ...(q.active !== undefined ? { statuses: q.active === "true" ? active : ended } : {}),
      ...(q.cursor !== undefined ? { after: decodeCursor(q.cursor) } : {}),
      ...(q.test !== undefined ? { test: q.test as "exclude" | "include" | "only" } : {}),
    });
    const nextCursor = page.next
      ? Buffer.from(JSON.stringify([page.next.at.toISOString(), page.next.id])).toString("base64url")
      : null;
    return call.c.json({ items: page.items.map(presentSummary), nextCursor });
  },

  "get /flows/:id": async (call) => call.c.json(await instanceBody(call, await own(call))),

  "get /flows/:id/status": async (call) => {
    const id = call.param("id");
    const tenantId = call.principal.tenantId;
    // The lean read: the status without the snapshot and context (the hottest read of the API).
    const row = isUuid(id) ? await readStatus(call.deps.db, tenantId, id) : undefined;
    if (!row) throw notFound(`flow instance ${id}`);
    const flow = await call.deps.engine.compiled({ ...row, tenantId });
    return call.c.json(presentStatus(row, flow.definition));
  },

  "get /flows/:id/events": async (call) => {
    const id = call.param("id");
    // The tenant's own instance (another tenant's, or a deleted one, answers 404), checked without reading its
    // snapshot and context.
    const found = isUuid(id) ? await statusOrDeleted(call.deps.db, call.principal.tenantId, id) : "deleted";
    if (found === "deleted") throw notFound(`flow instance ${id}`);
    const rows = await eventsOf(call.deps.db, id);
    return call.c.json({ items: rows.map(presentEvent) });
  },

  "post /flows/:id/execute": (call) =>
    act(call, (tenant, id, actor, note) =>
      call.deps.engine.execute(tenant, id, (call.body ?? {}) as ExecuteRequest, actor, note),
    ),
  "post /flows/:id/pause": (call) =>
    act(call, (tenant, id, actor, note) => call.deps.engine.pause(tenant, id, actor, note)),
  "post /flows/:id/resume": (call) =>
    act(call, (tenant, id, actor, note) => call.deps.engine.resume(tenant, id, actor, note)),
  "post /flows/:id/cancel": (call) => {
    const { reason } = (call.body ?? {}) as CancelRequest;
    return act(call, (tenant, id, actor, note) =>
      call.deps.engine.cancel(tenant, id, actor, { ...note, ...(reason ? { reason } : {}) }),
    );
  },

  "delete /flows/:id": async (call) => {
    const record = await own(call);
    await call.deps.engine.remove(call.principal.tenantId, record.id, actorOf(call));
    return call.c.body(null, 204);
  },
} satisfies Record<string, RouteHandler>;
