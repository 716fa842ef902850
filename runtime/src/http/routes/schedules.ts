/**
 * A flow type's schedules: CRUD, pause and resume (each change audited in its own transaction), and a preview of
 * a cron expression's due times. The ticker (runtime/src/schedules) fires them; a change here wakes this
 * process's ticker so a new due time is seen at once.
 */
import { randomUUID } from "node:crypto";
import type { FlowDefinition, SchedulePreviewRequest, ScheduleRequest } from "@mfo/schemas";
import { invalid, notFound } from "../../errors.js";
import { NEXT_DUE_COUNT, readCron } from "../../schedules/cron.js";
import { nextDueFrom, presentSchedule, settingsOf } from "../../schedules/schedule-settings.js";
import { insertAudit } from "../../store/audit-repository.js";
import { transaction } from "../../store/database.js";
import { findDefinition, findDraft, flowTypeHead } from "../../store/flow-type-repository.js";
import {
  deleteSchedule,
  findSchedule,
  insertSchedule,
  listSchedules,
  type ScheduleFields,
  type ScheduleRow,
  updateSchedule,
} from "../../store/schedule-repository.js";
import type { RouteCall, RouteHandler } from "../context.js";
import { actorOf } from "../context.js";
import { isUuid } from "../request-checks.js";

/**
 * The caller's flow type (published, or only a draft so far) and its latest published definition, if any; 404
 * when the tenant has neither (another tenant's answers exactly like a missing one).
 */
async function ownFlowType(call: RouteCall): Promise<{ id: string; published: FlowDefinition | undefined }> {
  const { db } = call.deps;
  const tenant = call.principal.tenantId;
  const id = call.param("id");
  const head = await flowTypeHead(db, tenant, id);
  if (!head && !(await findDraft(db, tenant, id))) throw notFound(`flow type "${id}"`);
  const published = head?.latestVersion !== undefined ? await findDefinition(db, tenant, id) : undefined;
  return { id, published };
}

/** The caller's schedule of the flow type in the path, or 404. */
async function ownSchedule(call: RouteCall): Promise<ScheduleRow> {
  const flowType = call.param("id");
  const id = call.param("scheduleId");
  const row = isUuid(id) ? await findSchedule(call.deps.db, call.principal.tenantId, flowType, id) : undefined;
  if (!row) throw notFound(`schedule ${id} of flow type "${flowType}"`);
  return row;
}

/** Writes a change of a schedule and its audit row in one transaction; 404 when the schedule went meanwhile. */
async function change(call: RouteCall, action: string, fields: Partial<ScheduleFields>) {
  const actor = actorOf(call);
  const flowType = call.param("id");
  const id = call.param("scheduleId");
  const row = await transaction(call.deps.db, async (tx) => {
    const updated = await updateSchedule(tx, actor.tenantId ?? "", flowType, id, fields, actor.actorKeyId);
    if (updated) await insertAudit(tx, actor, action, id, { flowType, name: updated.name });
    return updated;
  });
  if (!row) throw notFound(`schedule ${id} of flow type "${flowType}"`);
  call.deps.schedules?.wake();
  return call.c.json(presentSchedule(row), 200);
}

export const scheduleRoutes = {
  "get /flow-types/:id/schedules": async (call) => {
    const { id } = await ownFlowType(call);
    const rows = await listSchedules(call.deps.db, call.principal.tenantId, id);
    return call.c.json({ items: rows.map(presentSchedule) }, 200);
  },

  "post /flow-types/:id/schedules": async (call) => {
    const { id, published } = await ownFlowType(call);
    const settings = settingsOf(call.body as ScheduleRequest, published, new Date());
    const actor = actorOf(call);
    const tenantId = call.principal.tenantId;
    const row = await transaction(call.deps.db, async (tx) => {
      const stored = await insertSchedule(tx, {
        ...settings,
        id: randomUUID(),
        tenantId,
        flowTypeId: id,
        createdBy: actor.actorKeyId,
      });
      await insertAudit(tx, actor, "schedule.create", stored.id, { flowType: id, name: stored.name });
      return stored;
    });
    call.deps.schedules?.wake();
    return call.c.json(presentSchedule(row), 201);
  },

  "get /flow-types/:id/schedules/:scheduleId": async (call) =>
    call.c.json(presentSchedule(await ownSchedule(call)), 200),

  "put /flow-types/:id/schedules/:scheduleId": async (call) => {
    const { published } = await ownFlowType(call);
    await ownSchedule(call);
    return change(call, "schedule.update", settingsOf(call.body as ScheduleRequest, published, new Date()));
  },

  "delete /flow-types/:id/schedules/:scheduleId": async (call) => {
    const row = await ownSchedule(call);
    const actor = actorOf(call);
    const gone = await transaction(call.deps.db, async (tx) => {
      const deleted = await deleteSchedule(tx, row.tenantId, row.flowTypeId, row.id);
      if (deleted)
        await insertAudit(tx, actor, "schedule.delete", row.id, { flowType: row.flowTypeId, name: row.name });
      return deleted;
    });
    if (!gone) throw notFound(`schedule ${row.id} of flow type "${row.flowTypeId}"`);
    return call.c.body(null, 204);
  },

  "post /flow-types/:id/schedules/:scheduleId/pause": async (call) => {
    await ownSchedule(call);
    return change(call, "schedule.pause", { enabled: false, nextDueAt: null });
  },

  "post /flow-types/:id/schedules/:scheduleId/resume": async (call) => {
    const row = await ownSchedule(call);
    // From now on: the due times that passed while paused are not fired (nor caught up).
    return change(call, "schedule.resume", { enabled: true, nextDueAt: nextDueFrom(row, new Date()) });
  },

  "post /schedules/preview": async (call) => {
    const request = call.body as SchedulePreviewRequest;
    const from = request.from === undefined ? new Date() : new Date(request.from);
    if (Number.isNaN(from.getTime())) {
      const message = "from must be a date and time (ISO 8601)";
      throw invalid(message, [{ path: "/from", code: "invalid-value", message }], "invalid-body");
    }
    const reading = readCron(request.cron, request.timezone ?? "UTC");
    const nextDue = reading.nextRuns(request.count ?? NEXT_DUE_COUNT, from).map((d) => d.toISOString());
    return call.c.json({ nextDue }, 200);
  },
} satisfies Record<string, RouteHandler>;
