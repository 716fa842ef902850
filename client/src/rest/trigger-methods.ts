/**
 * The client's methods for what starts or wakes instances from outside (schedules, webhooks, correlated events)
 * and for the tenant's secrets; createFlowService spreads them in, ROUTE_METHODS names them.
 */
import type { BodyOf, HookAccepted, RouteKey } from "@mfo/schemas";
import type { CallOptions, createTransport } from "./transport.js";

type Transport = ReturnType<typeof createTransport>;
type ScheduleRequest = BodyOf<"post /flow-types/:id/schedules">;
type SchedulePreviewRequest = BodyOf<"post /schedules/preview">;
type HookRequest = BodyOf<"post /flow-types/:id/hooks">;
type SendEvent = BodyOf<"post /events">;

/** What a webhook call answered: 202 with the instance (accepted, or result not in time), or 200 with the result. */
export type HookCallResult = { status: 202; body: HookAccepted } | { status: 200; body: unknown };

export function triggerMethods({ request, send }: Transport) {
  const schedule = (flowType: string, scheduleId: string) => ({ params: { id: flowType, scheduleId } });
  const hook = (flowType: string, hookId: string) => ({ params: { id: flowType, hookId } });
  return {
    // Schedules
    listSchedules: async (flowType: string, o?: CallOptions) =>
      (await request("get /flow-types/:id/schedules", { params: { id: flowType }, ...o })).body,
    createSchedule: async (flowType: string, body: ScheduleRequest, o?: CallOptions) =>
      (await request("post /flow-types/:id/schedules", { params: { id: flowType }, body, ...o })).body,
    getSchedule: async (flowType: string, scheduleId: string, o?: CallOptions) =>
      (await request("get /flow-types/:id/schedules/:scheduleId", { ...schedule(flowType, scheduleId), ...o })).body,
    updateSchedule: async (flowType: string, scheduleId: string, body: ScheduleRequest, o?: CallOptions) =>
      (await request("put /flow-types/:id/schedules/:scheduleId", { ...schedule(flowType, scheduleId), body, ...o }))
        .body,
    deleteSchedule: async (flowType: string, scheduleId: string, o?: CallOptions): Promise<void> => {
      await request("delete /flow-types/:id/schedules/:scheduleId", { ...schedule(flowType, scheduleId), ...o });
    },
    pauseSchedule: async (flowType: string, scheduleId: string, o?: CallOptions) =>
      (await request("post /flow-types/:id/schedules/:scheduleId/pause", { ...schedule(flowType, scheduleId), ...o }))
        .body,
    resumeSchedule: async (flowType: string, scheduleId: string, o?: CallOptions) =>
      (await request("post /flow-types/:id/schedules/:scheduleId/resume", { ...schedule(flowType, scheduleId), ...o }))
        .body,
    /** The next due times of a cron expression in a time zone; nothing is saved. */
    previewSchedule: async (body: SchedulePreviewRequest, o?: CallOptions) =>
      (await request("post /schedules/preview", { body, ...o })).body,
    // Webhooks
    listHooks: async (flowType: string, o?: CallOptions) =>
      (await request("get /flow-types/:id/hooks", { params: { id: flowType }, ...o })).body,
    createHook: async (flowType: string, body: HookRequest, o?: CallOptions) =>
      (await request("post /flow-types/:id/hooks", { params: { id: flowType }, body, ...o })).body,
    getHook: async (flowType: string, hookId: string, o?: CallOptions) =>
      (await request("get /flow-types/:id/hooks/:hookId", { ...hook(flowType, hookId), ...o })).body,
    updateHook: async (flowType: string, hookId: string, body: HookRequest, o?: CallOptions) =>
      (await request("put /flow-types/:id/hooks/:hookId", { ...hook(flowType, hookId), body, ...o })).body,
    deleteHook: async (flowType: string, hookId: string, o?: CallOptions): Promise<void> => {
      await request("delete /flow-types/:id/hooks/:hookId", { ...hook(flowType, hookId), ...o });
    },
    /**
     * Calls a webhook as an outside system would: `body` is sent as JSON and `headers` carry its token or
     * signature (computed over JSON.stringify(body)) and an idempotency key. Not retried: a retry is a replay.
     */
    callHook: async (hookId: string, body: unknown, headers: Record<string, string> = {}, o?: CallOptions) =>
      answerOf(await send("post /hooks/:hookId", { params: { hookId }, body, ...o }, { retry: false, headers })),
    /** Calls a token webhook with the token in the path. */
    callHookWithToken: async (hookId: string, token: string, body: unknown, o?: CallOptions) =>
      answerOf(await send("post /hooks/:hookId/:token", { params: { hookId, token }, body, ...o }, { retry: false })),
    // Correlated events
    /** Wakes every instance waiting for this name and key (or keeps the event for the first that waits). */
    sendEvent: async (body: SendEvent, o?: CallOptions) => (await request("post /events", { body, ...o })).body,
    // Secrets
    listSecrets: async (o?: CallOptions) => (await request("get /secrets", { ...o })).body,
    /** Creates or replaces a secret; its value is never answered again. */
    putSecret: async (name: string, value: string, o?: CallOptions) =>
      (await request("put /secrets/:name", { params: { name }, body: { value }, ...o })).body,
    deleteSecret: async (name: string, o?: CallOptions): Promise<void> => {
      await request("delete /secrets/:name", { params: { name }, ...o });
    },
  };
}

async function answerOf(response: Response): Promise<HookCallResult> {
  const text = await response.text();
  const body = text === "" ? null : JSON.parse(text);
  return response.status === 202 ? { status: 202, body: body as HookAccepted } : { status: 200, body };
}

/** The named method of each trigger and secret route (merged into ROUTE_METHODS). */
export const TRIGGER_ROUTE_METHODS = {
  "get /flow-types/:id/schedules": "listSchedules",
  "post /flow-types/:id/schedules": "createSchedule",
  "get /flow-types/:id/schedules/:scheduleId": "getSchedule",
  "put /flow-types/:id/schedules/:scheduleId": "updateSchedule",
  "delete /flow-types/:id/schedules/:scheduleId": "deleteSchedule",
  "post /flow-types/:id/schedules/:scheduleId/pause": "pauseSchedule",
  "post /flow-types/:id/schedules/:scheduleId/resume": "resumeSchedule",
  "post /schedules/preview": "previewSchedule",
  "get /flow-types/:id/hooks": "listHooks",
  "post /flow-types/:id/hooks": "createHook",
  "get /flow-types/:id/hooks/:hookId": "getHook",
  "put /flow-types/:id/hooks/:hookId": "updateHook",
  "delete /flow-types/:id/hooks/:hookId": "deleteHook",
  "post /hooks/:hookId": "callHook",
  "post /hooks/:hookId/:token": "callHookWithToken",
  "post /events": "sendEvent",
  "get /secrets": "listSecrets",
  "put /secrets/:name": "putSecret",
  "delete /secrets/:name": "deleteSecret",
} as const satisfies Partial<Record<RouteKey, string>>;
