/**
 * FlowService: the typed client of every REST route of the runtime, one named method per route of the route
 * table (ROUTE_METHODS says which), each checked against the table's types through `request`. Errors are one
 * FlowServiceError; idempotent requests are retried; every call takes an optional AbortSignal (transport.ts).
 */
import {
  type BodyOf,
  type Catalogue,
  type FlowDefinition,
  type Instance,
  isEnded,
  type QueryOf,
  type RouteKey,
} from "@mfo/schemas";
import { type CallOptions, createTransport, type FlowServiceOptions, routeUrl } from "./transport.js";
import { TRIGGER_ROUTE_METHODS, triggerMethods } from "./trigger-methods.js";

export type Query = Record<string, string | number | boolean | undefined>;
export type FlowFilters = QueryOf<"get /flows">;

/** How `run` starts its instance: the create's other fields, and how long to wait for the end (seconds). */
export type RunOptions = Omit<CreateInstance, "flowType" | "input"> &
  CallOptions & {
    /** Seconds to wait for the instance to end (decimals allowed; the server caps it, 60 s by default). */
    wait?: number;
  };

/**
 * What `run` answers: the instance ended within the wait (completed, failed or cancelled), with the output it ended
 * with; or it is still going (or stopped for a person: an approval, a pause), with the URL to follow it at.
 */
export type RunResult =
  | { ended: true; instance: Instance; output: unknown }
  | { ended: false; instance: Instance; statusUrl: string };

/** `run`'s wait when the caller gives none. */
export const DEFAULT_RUN_WAIT_SECONDS = 30;

export type FlowService = ReturnType<typeof createFlowService>;

/** Creates the client; `apiKey` goes in every request's Authorization header. */
export function createFlowService(options: FlowServiceOptions) {
  const transport = createTransport(options);
  const { request, send } = transport;
  const id = (value: string) => ({ id: value });
  return {
    ...triggerMethods(transport),
    /** Any route by its key, answering status and body: for callers that need the status (201 or 200). */
    request,
    catalogue: async (o?: CallOptions) => (await request("get /catalogue", { ...o })).body as Catalogue,
    // Flow types
    /** The flow types; `{ archived: true }` lists the archived ones too. */
    listFlowTypes: async (query: QueryOf<"get /flow-types"> = {}, o?: CallOptions) =>
      (await request("get /flow-types", { query, ...o })).body,
    getFlowType: async (flowType: string, o?: CallOptions) =>
      (await request("get /flow-types/:id", { params: id(flowType), ...o })).body,
    getVersion: async (flowType: string, version: number, o?: CallOptions) =>
      (await request("get /flow-types/:id/versions/:version", { params: { id: flowType, version }, ...o })).body,
    /** Checks a definition that may be invalid (that is the point): any JSON goes. */
    validate: async (definition: unknown, o?: CallOptions) =>
      (await request("post /flow-types/validate", { body: definition as FlowDefinition, ...o })).body,
    saveDraft: async (flowType: string, definition: unknown, o?: CallOptions) =>
      (await request("put /flow-types/:id/draft", { params: id(flowType), body: definition, ...o })).body,
    publish: async (definition: FlowDefinition, o?: CallOptions) =>
      (await request("post /flow-types", { body: definition, ...o })).body,
    publishDraft: async (flowType: string, o?: CallOptions) =>
      (await request("post /flow-types/:id/publish", { params: id(flowType), ...o })).body,
    deleteDraft: async (flowType: string, o?: CallOptions): Promise<void> => {
      await request("delete /flow-types/:id/draft", { params: id(flowType), ...o });
    },
    /** Makes a published version the draft. */
    restoreVersion: async (flowType: string, version: number, o?: CallOptions) =>
      (await request("post /flow-types/:id/versions/:version/restore", { params: { id: flowType, version }, ...o }))
        .body,
    /**
     * Test-runs `definition` (the draft as on screen) without publishing it: a test instance pinned to exactly that
     * definition. With `wait` (seconds) the answer comes once it ended or the wait passed.
     */
    testRun: async (flowType: string, body: TestRun, options: CallOptions & { wait?: number } = {}) => {
      const { wait, ...o } = options;
      return (
        await request("post /flow-types/:id/draft/test-runs", {
          params: id(flowType),
          body,
          ...(wait === undefined ? {} : { query: { wait: String(wait) } }),
          ...o,
        })
      ).body;
    },
    /** Runs one phase of `definition` once with the context given; nothing is stored. */
    testStep: async (flowType: string, body: TestStep, o?: CallOptions) =>
      (await request("post /flow-types/:id/draft/test-step", { params: id(flowType), body, ...o })).body,
    instanceCount: async (flowType: string, o?: CallOptions) =>
      (await request("get /flow-types/:id/instance-count", { params: id(flowType), ...o })).body,
    /** Archives a flow type: no new instances; the answer says how many it has. */
    archiveFlowType: async (flowType: string, o?: CallOptions) =>
      (await request("delete /flow-types/:id", { params: id(flowType), ...o })).body,
    // Instances
    createFlow: async (body: CreateInstance, o?: CallOptions) => (await request("post /flows", { body, ...o })).body,
    /**
     * Creates an instance of `flowType` and waits up to `options.wait` seconds for it to end, in one request
     * (POST /flows?wait=). A client `timeoutMs` shorter than the wait cuts it short.
     */
    run: async (
      flowType: string,
      input: Record<string, unknown> = {},
      options: RunOptions = {},
    ): Promise<RunResult> => {
      const { wait = DEFAULT_RUN_WAIT_SECONDS, signal, ...fields } = options;
      const { body } = await request("post /flows", {
        body: { flowType, input, ...fields },
        query: { wait: String(wait) },
        ...(signal ? { signal } : {}),
      });
      if (isEnded(body.status)) return { ended: true, instance: body, output: body.output ?? null };
      return {
        ended: false,
        instance: body,
        statusUrl: body.statusUrl ?? routeUrl("get /flows/:id/status", { params: { id: body.id } }),
      };
    },
    listFlows: async (filters: FlowFilters = {}, o?: CallOptions) =>
      (await request("get /flows", { query: filters, ...o })).body,
    getFlow: async (instance: string, o?: CallOptions) =>
      (await request("get /flows/:id", { params: id(instance), ...o })).body,
    status: async (instance: string, o?: CallOptions) =>
      (await request("get /flows/:id/status", { params: id(instance), ...o })).body,
    events: async (instance: string, o?: CallOptions) =>
      (await request("get /flows/:id/events", { params: id(instance), ...o })).body,
    /** The definition the instance runs (its published version, or a test run's draft revision). */
    instanceDefinition: async (instance: string, o?: CallOptions) =>
      (await request("get /flows/:id/definition", { params: id(instance), ...o })).body as FlowDefinition,
    /** What one node of the instance did: its runs and attempts. */
    nodeData: async (instance: string, nodeId: string, o?: CallOptions) =>
      (await request("get /flows/:id/nodes/:nodeId", { params: { id: instance, nodeId }, ...o })).body,
    /** One page of the instance's node attempts, in the order recorded. */
    attempts: async (instance: string, query: QueryOf<"get /flows/:id/attempts"> = {}, o?: CallOptions) =>
      (await request("get /flows/:id/attempts", { params: id(instance), query, ...o })).body,
    /** GET /flows/{id}/stream: the open Server-Sent Events response, resuming after the event `after` (a seq). */
    stream: (instance: string, options: { after?: number; signal?: AbortSignal } = {}) =>
      // Not retried here: the event stream reconnects on its own, from the last seq it got.
      send(
        "get /flows/:id/stream",
        { params: id(instance), ...(options.signal ? { signal: options.signal } : {}) },
        {
          retry: false,
          headers: {
            accept: "text/event-stream",
            ...(options.after ? { "last-event-id": String(options.after) } : {}),
          },
        },
      ),
    execute: async (instance: string, body: Execute = {}, o?: CallOptions) =>
      (await request("post /flows/:id/execute", { params: id(instance), body, ...o })).body,
    pause: async (instance: string, o?: CallOptions) =>
      (await request("post /flows/:id/pause", { params: id(instance), ...o })).body,
    resume: async (instance: string, o?: CallOptions) =>
      (await request("post /flows/:id/resume", { params: id(instance), ...o })).body,
    /** Cancels the instance; `body.reason` is kept in its history. */
    cancel: async (instance: string, body: Cancel = {}, o?: CallOptions) =>
      (await request("post /flows/:id/cancel", { params: id(instance), body, ...o })).body,
    remove: async (instance: string, o?: CallOptions): Promise<void> => {
      await request("delete /flows/:id", { params: id(instance), ...o });
    },
    analytics: async (query: QueryOf<"get /flows/analytics"> = {}, o?: CallOptions) =>
      (await request("get /flows/analytics", { query, ...o })).body,
    /** GET /metrics: the Prometheus text. */
    metrics: async (o?: CallOptions) =>
      (await send("get /metrics", { ...o }, { headers: { accept: "text/plain" } })).text(),
    // Administration
    audit: async (query: QueryOf<"get /audit"> = {}, o?: CallOptions) =>
      (await request("get /audit", { query, ...o })).body,
    listTenants: async (o?: CallOptions) => (await request("get /tenants", { ...o })).body,
    createTenant: async (body: CreateTenant, o?: CallOptions) => (await request("post /tenants", { body, ...o })).body,
    listApiKeys: async (o?: CallOptions) => (await request("get /api-keys", { ...o })).body,
    createApiKey: async (body: CreateApiKey, o?: CallOptions) => (await request("post /api-keys", { body, ...o })).body,
    revokeApiKey: async (keyId: string, o?: CallOptions): Promise<void> => {
      await request("delete /api-keys/:id", { params: id(keyId), ...o });
    },
  };
}

type CreateInstance = BodyOf<"post /flows">;
type Execute = BodyOf<"post /flows/:id/execute">;
type Cancel = BodyOf<"post /flows/:id/cancel">;
type TestRun = BodyOf<"post /flow-types/:id/draft/test-runs">;
type TestStep = BodyOf<"post /flow-types/:id/draft/test-step">;
type CreateTenant = BodyOf<"post /tenants">;
type CreateApiKey = BodyOf<"post /api-keys">;

/** The named method of every route: a route without one does not compile, and a test walks the table. */
export const ROUTE_METHODS = {
  "post /flow-types/validate": "validate",
  "put /flow-types/:id/draft": "saveDraft",
  "post /flow-types": "publish",
  "post /flow-types/:id/publish": "publishDraft",
  "get /flow-types": "listFlowTypes",
  "get /flow-types/:id": "getFlowType",
  "get /flow-types/:id/versions/:version": "getVersion",
  "delete /flow-types/:id/draft": "deleteDraft",
  "post /flow-types/:id/versions/:version/restore": "restoreVersion",
  "post /flow-types/:id/draft/test-runs": "testRun",
  "post /flow-types/:id/draft/test-step": "testStep",
  "get /flow-types/:id/instance-count": "instanceCount",
  "delete /flow-types/:id": "archiveFlowType",
  "get /catalogue": "catalogue",
  "post /flows": "createFlow",
  "get /flows": "listFlows",
  "get /flows/analytics": "analytics",
  "get /flows/:id": "getFlow",
  "get /flows/:id/status": "status",
  "get /flows/:id/events": "events",
  "get /flows/:id/definition": "instanceDefinition",
  "get /flows/:id/nodes/:nodeId": "nodeData",
  "get /flows/:id/attempts": "attempts",
  "get /flows/:id/stream": "stream",
  "post /flows/:id/execute": "execute",
  "post /flows/:id/pause": "pause",
  "post /flows/:id/resume": "resume",
  "post /flows/:id/cancel": "cancel",
  "delete /flows/:id": "remove",
  "post /tenants": "createTenant",
  "get /tenants": "listTenants",
  "post /api-keys": "createApiKey",
  "get /api-keys": "listApiKeys",
  "delete /api-keys/:id": "revokeApiKey",
  "get /audit": "audit",
  "get /metrics": "metrics",
  ...TRIGGER_ROUTE_METHODS,
} as const satisfies Record<RouteKey, Exclude<keyof FlowService, "request">>;
