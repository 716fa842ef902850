/**
 * Every API route once, as data: method, path, the least role it needs, its body and answers (definitions of
 * api.schema.json / flow.schema.json). The runtime registers handlers against it and builds the OpenAPI document
 * from it, the client's calls are typed by it (route-types.ts), and tests walk it, so a route cannot exist
 * without its role, its documentation and its client method. Data only: no I/O.
 */
import type { Role } from "../generated/types.js";
import { ACTIVE_STATUSES, INSTANCE_STATUSES } from "./instance-status.js";
import type { ApiBodyName } from "./validate-body.js";

export type Method = "get" | "post" | "put" | "delete";

export const API_PREFIX = "/api/v1";
/** An api.schema.json definition, the flow definition, or free JSON. */
export type BodyRef = ApiBodyName | "flowDefinition" | "json";

export interface RouteSpec {
  method: Method;
  /** Hono path syntax, under /api/v1. */
  path: string;
  role: Role;
  summary: string;
  tag: "flow types" | "flows" | "triggers" | "catalogue" | "administration" | "operations";
  body?: BodyRef;
  /** An absent body counts as `{}` (every field of the body is optional). */
  bodyOptional?: true;
  /** Success status and body. */
  ok: { status: 200 | 201 | 202 | 204; body?: BodyRef };
  /** Error statuses this route may answer beside 401/403/413. */
  errors: number[];
  /**
   * The audit action of a state-changing route. Its handler writes the "ok" row in the transaction of the change;
   * the app writes a "denied" row (403) or a "failed" row (any other error) when the change does not happen.
   */
  audit?: string;
  /**
   * Answers without an API key: the handler authenticates the caller itself (a webhook checks its token or HMAC
   * signature) and audits the call. `role` is then only what the anonymous caller is treated as.
   */
  public?: true;
  /**
   * The handler reads the body itself (a webhook checks its size limit and signature over the raw bytes before
   * parsing); `body` documents what it expects.
   */
  rawBody?: true;
  /** Served at the root (e.g. /metrics), not under /api/v1. */
  root?: true;
  /** Answers without a key when this flag of the runtime's configuration is set (e.g. MFO_METRICS_PUBLIC). */
  publicWhen?: "metricsPublic";
  /** The success body is a Server-Sent Events stream (text/event-stream), not JSON. */
  eventStream?: true;
  /** Query parameters, for the documentation. */
  query?: Record<string, { type: "string" | "integer" | "boolean"; description: string }>;
  /** Request headers the route reads beside Authorization, for the documentation (e.g. Prefer). */
  headers?: Record<string, { description: string }>;
  /** Success answers beside `ok`, e.g. 202 when the wait of a create-and-wait passed before the instance ended. */
  alsoOk?: readonly { status: 200 | 202; body?: BodyRef; description: string }[];
}

/** "a, b or c" */
const inWords = (list: readonly string[], last: string) => `${list.slice(0, -1).join(", ")} ${last} ${list.at(-1)}`;

export const routes = [
  {
    method: "post",
    path: "/flow-types/validate",
    role: "viewer",
    summary: "Validate a definition without saving it",
    tag: "flow types",
    body: "flowDefinition",
    ok: { status: 200, body: "validationResult" },
    errors: [422],
  },
  {
    method: "put",
    path: "/flow-types/:id/draft",
    audit: "flow-type.draft.save",
    role: "architect",
    summary: "Save the editable draft (it may be invalid)",
    tag: "flow types",
    body: "json",
    ok: { status: 200, body: "draft" },
    errors: [422],
  },
  {
    method: "post",
    path: "/flow-types",
    audit: "flow-type.publish",
    role: "architect",
    summary: "Publish a definition as the next version of its id (200 when identical to the latest)",
    tag: "flow types",
    body: "flowDefinition",
    ok: { status: 201, body: "publishResponse" },
    errors: [422],
  },
  {
    method: "post",
    path: "/flow-types/:id/publish",
    audit: "flow-type.publish",
    role: "architect",
    summary: "Publish the current draft",
    tag: "flow types",
    ok: { status: 201, body: "publishResponse" },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/flow-types",
    role: "viewer",
    summary: "List flow types with their latest version",
    tag: "flow types",
    ok: { status: 200, body: "flowTypeList" },
    errors: [422],
    query: { archived: { type: "boolean", description: "true: archived flow types too (with archivedAt)" } },
  },
  {
    method: "get",
    path: "/flow-types/:id",
    role: "viewer",
    summary: "Latest version, draft and version list of a flow type",
    tag: "flow types",
    ok: { status: 200, body: "flowTypeDetail" },
    errors: [404],
  },
  {
    method: "get",
    path: "/flow-types/:id/versions/:version",
    role: "viewer",
    summary: "One immutable version",
    tag: "flow types",
    ok: { status: 200, body: "flowVersion" },
    errors: [404],
  },
  // Deleting drafts, archiving flow types and restoring versions (issue 16): together, as they came.
  {
    method: "delete",
    path: "/flow-types/:id/draft",
    audit: "flow-type.draft.delete",
    role: "architect",
    summary: "Delete the draft (a flow type never published then leaves the list)",
    tag: "flow types",
    ok: { status: 204 },
    errors: [404],
  },
  {
    method: "post",
    path: "/flow-types/:id/versions/:version/restore",
    audit: "flow-type.draft.restore",
    role: "architect",
    summary: "Make a published version the draft (replacing the draft there is)",
    tag: "flow types",
    ok: { status: 200, body: "draft" },
    errors: [404],
  },
  // Trying a draft before publishing it (issue 18).
  {
    method: "post",
    path: "/flow-types/:id/draft/test-runs",
    audit: "flow-type.draft.test-run",
    role: "architect",
    summary:
      "Test-run the draft as given, unpublished: an instance pinned to that exact definition, marked as a test (out of analytics and the default list, removed after MFO_TEST_RUN_RETENTION)",
    tag: "flow types",
    body: "testRunRequest",
    ok: { status: 201, body: "instance" },
    alsoOk: [
      {
        status: 202,
        body: "instance",
        description: "a wait was asked for and passed before the test instance ended: the instance as it was",
      },
    ],
    errors: [404, 409, 422],
    query: {
      wait: {
        type: "string",
        description: "as for POST /flows: wait up to this long for the test instance to end",
      },
    },
  },
  {
    method: "post",
    path: "/flow-types/:id/draft/test-step",
    audit: "flow-type.draft.test-step",
    role: "architect",
    summary:
      "Run one phase's handler and validators once with the context given (same SSRF guard and time limits as a run) and answer what happened; nothing is stored but the audit row",
    tag: "flow types",
    body: "testStepRequest",
    ok: { status: 200, body: "testStepResult" },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/flow-types/:id/instance-count",
    role: "viewer",
    summary: "How many instances the flow type has, and how many are active",
    tag: "flow types",
    ok: { status: 200, body: "instanceCount" },
    errors: [404],
  },
  {
    method: "delete",
    path: "/flow-types/:id",
    audit: "flow-type.archive",
    role: "architect",
    summary:
      "Archive a published flow type: it leaves the list and takes no new instances (409); its instances keep running; publishing or saving a draft of it again brings it back",
    tag: "flow types",
    ok: { status: 200, body: "archivedFlowType" },
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/catalogue",
    role: "viewer",
    summary: "Handlers and validators this runtime offers, with their params schemas",
    tag: "catalogue",
    ok: { status: 200, body: "json" },
    errors: [],
  },
  {
    method: "post",
    path: "/flows",
    audit: "flow.create",
    role: "operator",
    summary:
      "Create an instance (a repeated idempotencyKey returns the first instance with 200); with a wait, answer once it has ended (with its `output`), or 202 when the wait passes first",
    tag: "flows",
    body: "createInstanceRequest",
    ok: { status: 201, body: "instance" },
    alsoOk: [
      {
        status: 202,
        body: "instance",
        description:
          "a wait was asked for and passed before the instance ended (or it stopped for a person, or the runtime is stopping): the instance as it was, with `statusUrl`; `Location` names it",
      },
    ],
    errors: [404, 409, 422],
    query: {
      wait: {
        type: "string",
        description:
          "wait up to this long for the instance to end: seconds (`10`, `0.5`) or with a unit (`10s`, `500ms`); capped by MFO_MAX_CREATE_WAIT_SECONDS (60 s); overrides the Prefer header",
      },
    },
    headers: {
      prefer: {
        description:
          "`wait=<seconds>` (RFC 7240, decimals allowed): as the `wait` query parameter; the answer's `Preference-Applied` says the wait applied",
      },
    },
  },
  {
    method: "get",
    path: "/flows",
    role: "viewer",
    summary: "List instances, newest first",
    tag: "flows",
    ok: { status: 200, body: "instanceList" },
    errors: [422],
    query: {
      status: { type: "string", description: inWords(INSTANCE_STATUSES, "or") },
      flowType: { type: "string", description: "only instances of this flow type" },
      test: {
        type: "string",
        description: "test runs of drafts: `exclude` (default), `include` or `only`",
      },
      active: { type: "boolean", description: `true: only ${inWords(ACTIVE_STATUSES, "and")} instances` },
      limit: { type: "integer", description: "page size, 1 to 200 (default 50)" },
      cursor: { type: "string", description: "nextCursor of the previous page" },
    },
  },
  {
    method: "get",
    path: "/flows/analytics",
    role: "viewer",
    summary: "Counts by status and flow type, success rate, p50/p95 durations per flow type and phase",
    tag: "operations",
    ok: { status: 200, body: "analytics" },
    errors: [422],
    query: {
      from: { type: "string", description: "start of the range (ISO date-time, default 24 hours before `to`)" },
      to: { type: "string", description: "end of the range, exclusive (ISO date-time, default now)" },
      flowType: { type: "string", description: "only this flow type" },
    },
  },
  {
    method: "get",
    path: "/flows/:id",
    role: "viewer",
    summary: "Full instance",
    tag: "flows",
    ok: { status: 200, body: "instance" },
    errors: [404],
  },
  {
    method: "get",
    path: "/flows/:id/status",
    role: "viewer",
    summary: "Compact status: where it is and how far",
    tag: "flows",
    ok: { status: 200, body: "instanceStatusResponse" },
    errors: [404],
  },
  {
    method: "get",
    path: "/flows/:id/events",
    role: "viewer",
    summary: "Ordered history",
    tag: "flows",
    ok: { status: 200, body: "eventList" },
    errors: [404],
  },
  {
    method: "get",
    path: "/flows/:id/definition",
    role: "viewer",
    summary: "The definition the instance runs: its pinned published version, or the draft revision of a test run",
    tag: "flows",
    ok: { status: 200, body: "flowDefinition" },
    errors: [404],
  },
  {
    method: "get",
    path: "/flows/:id/nodes/:nodeId",
    role: "viewer",
    summary:
      "What one node of the instance did: each run and attempt with its resolved input, output, validator results, error, logs and timing (sensitive values redacted)",
    tag: "flows",
    ok: { status: 200, body: "nodeData" },
    errors: [404],
  },
  {
    method: "get",
    path: "/flows/:id/attempts",
    role: "viewer",
    summary: "Every node attempt of the instance in the order recorded (with the events, what time travel replays)",
    tag: "flows",
    ok: { status: 200, body: "nodeAttemptList" },
    errors: [404, 422],
    query: {
      limit: { type: "integer", description: "page size, 1 to 1000 (default 500)" },
      cursor: { type: "string", description: "nextCursor of the previous page" },
    },
  },
  {
    method: "get",
    path: "/flows/:id/stream",
    role: "viewer",
    summary:
      "Server-Sent Events of the instance's history, live: `flow-event` messages (id: the event's seq), then `end` once it has ended; resumable with Last-Event-ID",
    tag: "flows",
    eventStream: true,
    query: {
      after: { type: "integer", description: "resume after this seq (for clients that cannot send Last-Event-ID)" },
    },
    ok: { status: 200 },
    // 503 (with Retry-After): the runtime is stopping.
    errors: [404, 503],
  },
  {
    method: "post",
    path: "/flows/:id/execute",
    audit: "flow.execute",
    role: "operator",
    summary: "Run a manual phase or decide an approval",
    tag: "flows",
    body: "executeRequest",
    bodyOptional: true,
    ok: { status: 200, body: "instance" },
    errors: [404, 409, 422],
  },
  {
    method: "post",
    path: "/flows/:id/pause",
    audit: "flow.pause",
    role: "operator",
    summary: "Stop taking new steps (a step in flight finishes and is kept)",
    tag: "flows",
    ok: { status: 200, body: "instance" },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/flows/:id/resume",
    audit: "flow.resume",
    role: "operator",
    summary: "Continue where it stopped (a failed phase is retried, a quarantined one runs its interrupted step again)",
    tag: "flows",
    ok: { status: 200, body: "instance" },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/flows/:id/cancel",
    audit: "flow.cancel",
    role: "operator",
    summary: "End as cancelled (with an optional reason, kept in the history)",
    tag: "flows",
    body: "cancelRequest",
    bodyOptional: true,
    ok: { status: 200, body: "instance" },
    errors: [404, 409, 422],
  },
  {
    method: "delete",
    path: "/flows/:id",
    audit: "flow.delete",
    role: "operator",
    summary: "Soft delete (audited; 404 afterwards)",
    tag: "flows",
    ok: { status: 204 },
    errors: [404],
  },
  {
    method: "get",
    path: "/flow-types/:id/schedules",
    role: "viewer",
    summary: "The flow type's schedules, each with its next 5 due times",
    tag: "triggers",
    ok: { status: 200, body: "scheduleList" },
    errors: [404],
  },
  {
    method: "post",
    path: "/flow-types/:id/schedules",
    audit: "schedule.create",
    role: "architect",
    summary:
      "Add a schedule: a cron expression in an IANA time zone that starts an instance with the input given at each due time, exactly once across every runtime process",
    tag: "triggers",
    body: "scheduleRequest",
    ok: { status: 201, body: "schedule" },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/flow-types/:id/schedules/:scheduleId",
    role: "viewer",
    summary: "One schedule, with its next 5 due times and what its last due time did",
    tag: "triggers",
    ok: { status: 200, body: "schedule" },
    errors: [404],
  },
  {
    method: "put",
    path: "/flow-types/:id/schedules/:scheduleId",
    audit: "schedule.update",
    role: "architect",
    summary: "Replace a schedule's settings (the next due time is computed again from now)",
    tag: "triggers",
    body: "scheduleRequest",
    ok: { status: 200, body: "schedule" },
    errors: [404, 422],
  },
  {
    method: "delete",
    path: "/flow-types/:id/schedules/:scheduleId",
    audit: "schedule.delete",
    role: "architect",
    summary: "Delete a schedule (the instances it started are kept)",
    tag: "triggers",
    ok: { status: 204 },
    errors: [404],
  },
  {
    method: "post",
    path: "/flow-types/:id/schedules/:scheduleId/pause",
    audit: "schedule.pause",
    role: "operator",
    summary: "Pause a schedule: no due time fires until it is resumed",
    tag: "triggers",
    ok: { status: 200, body: "schedule" },
    errors: [404],
  },
  {
    method: "post",
    path: "/flow-types/:id/schedules/:scheduleId/resume",
    audit: "schedule.resume",
    role: "operator",
    summary: "Resume a paused schedule from now on (the due times missed while paused are not fired)",
    tag: "triggers",
    ok: { status: 200, body: "schedule" },
    errors: [404],
  },
  {
    method: "post",
    path: "/schedules/preview",
    role: "viewer",
    summary:
      "The next due times of a cron expression in a time zone, without saving anything (422 names what is wrong)",
    tag: "triggers",
    body: "schedulePreviewRequest",
    ok: { status: 200, body: "schedulePreview" },
    errors: [422],
  },
  {
    method: "get",
    path: "/flow-types/:id/hooks",
    role: "viewer",
    summary: "The flow type's webhooks (never a secret's value)",
    tag: "triggers",
    ok: { status: 200, body: "hookList" },
    errors: [404],
  },
  {
    method: "post",
    path: "/flow-types/:id/hooks",
    audit: "hook.create",
    role: "architect",
    summary: "Add a webhook: POST /hooks/{hookId} then starts an instance of the flow type (its secret must exist)",
    tag: "triggers",
    body: "hookRequest",
    ok: { status: 201, body: "hook" },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/flow-types/:id/hooks/:hookId",
    role: "viewer",
    summary: "One webhook",
    tag: "triggers",
    ok: { status: 200, body: "hook" },
    errors: [404],
  },
  {
    method: "put",
    path: "/flow-types/:id/hooks/:hookId",
    audit: "hook.update",
    role: "architect",
    summary: "Replace a webhook's settings (its id, and so its URL, stays)",
    tag: "triggers",
    body: "hookRequest",
    ok: { status: 200, body: "hook" },
    errors: [404, 422],
  },
  {
    method: "delete",
    path: "/flow-types/:id/hooks/:hookId",
    audit: "hook.delete",
    role: "architect",
    summary: "Delete a webhook: its URL answers 404 from then on",
    tag: "triggers",
    ok: { status: 204 },
    errors: [404],
  },
  {
    method: "post",
    path: "/hooks/:hookId",
    audit: "hook.call",
    role: "viewer",
    public: true,
    rawBody: true,
    summary:
      "Call a webhook (no API key: the hook's token or HMAC signature authenticates): starts an instance of its flow type with the body as input, answering 202 at once or, with respond result, the instance's output",
    tag: "triggers",
    body: "json",
    ok: { status: 202, body: "hookAccepted" },
    alsoOk: [
      {
        status: 200,
        body: "json",
        description: "respond result: the instance ended in time; its output mapped by the hook's response expression",
      },
    ],
    errors: [401, 404, 409, 413, 422, 429],
    headers: {
      "X-Hook-Token": { description: "auth token: the secret's value (or the header the hook names)" },
      "X-Hub-Signature-256": {
        description: "auth hmac: sha256=<hex HMAC-SHA256 of the raw body> (or the header the hook names)",
      },
      "Idempotency-Key": { description: "a value seen before is refused with 409 (or the header the hook names)" },
    },
  },
  {
    method: "post",
    path: "/hooks/:hookId/:token",
    audit: "hook.call",
    role: "viewer",
    public: true,
    rawBody: true,
    summary: "Call a token webhook with the token as the last path segment (for senders that cannot set a header)",
    tag: "triggers",
    body: "json",
    ok: { status: 202, body: "hookAccepted" },
    alsoOk: [
      {
        status: 200,
        body: "json",
        description: "respond result: the instance ended in time; its output mapped by the hook's response expression",
      },
    ],
    errors: [401, 404, 409, 413, 422, 429],
  },
  {
    method: "post",
    path: "/events",
    audit: "event.send",
    role: "operator",
    summary:
      "Send a correlated event: every instance of the tenant waiting for this name and key wakes, once, with the payload; when none waits it is kept for ttlSeconds for the first that does",
    tag: "triggers",
    body: "sendEventRequest",
    ok: { status: 200, body: "eventDelivery" },
    errors: [422],
  },
  {
    method: "get",
    path: "/secrets",
    role: "architect",
    summary: "The tenant's secrets: names, who set them and when, and what uses them (never a value)",
    tag: "administration",
    ok: { status: 200, body: "secretList" },
    errors: [],
  },
  {
    method: "put",
    path: "/secrets/:name",
    audit: "secret.put",
    role: "admin",
    summary: "Create or replace a secret (write-only: the value is sealed with AES-256-GCM and never answered)",
    tag: "administration",
    body: "putSecretRequest",
    ok: { status: 200, body: "secret" },
    errors: [422],
  },
  {
    method: "delete",
    path: "/secrets/:name",
    audit: "secret.delete",
    role: "admin",
    summary: "Delete a secret (409 while a published flow type or a webhook uses it)",
    tag: "administration",
    ok: { status: 204 },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/tenants",
    audit: "tenant.create",
    role: "admin",
    summary: "Create a tenant (the installation admin: an admin key of the default tenant)",
    tag: "administration",
    body: "createTenantRequest",
    ok: { status: 201, body: "tenant" },
    errors: [409, 422],
  },
  {
    method: "get",
    path: "/tenants",
    role: "admin",
    summary: "List tenants (the installation admin sees all, a tenant admin its own)",
    tag: "administration",
    ok: { status: 200, body: "tenantList" },
    errors: [],
  },
  {
    method: "post",
    path: "/api-keys",
    audit: "api-key.create",
    role: "admin",
    summary: "Create an API key; the key is in this answer only (stored as a hash)",
    tag: "administration",
    body: "createApiKeyRequest",
    ok: { status: 201, body: "createdApiKey" },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/api-keys",
    role: "admin",
    summary: "List the tenant's API keys (never the keys themselves)",
    tag: "administration",
    ok: { status: 200, body: "apiKeyList" },
    errors: [],
  },
  {
    method: "delete",
    path: "/api-keys/:id",
    audit: "api-key.revoke",
    role: "admin",
    summary: "Revoke an API key (it stops working at once in this process, within seconds in others)",
    tag: "administration",
    ok: { status: 204 },
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/audit",
    role: "admin",
    summary: "Audit log, newest first",
    tag: "administration",
    ok: { status: 200, body: "auditList" },
    errors: [422],
    query: {
      actor: { type: "string", description: "id of the API key that acted" },
      action: { type: "string", description: "e.g. flow.create, flow-type.publish, auth.failed" },
      target: { type: "string", description: "the object acted on (an instance id, flowType@version, a key id)" },
      outcome: { type: "string", description: "ok, denied or failed" },
      from: { type: "string", description: "from this time (ISO date-time)" },
      to: { type: "string", description: "before this time (ISO date-time)" },
      limit: { type: "integer", description: "page size, 1 to 500 (default 100)" },
      cursor: { type: "string", description: "nextCursor of the previous page" },
    },
  },
  {
    method: "get",
    path: "/metrics",
    role: "viewer",
    summary: "Prometheus metrics (text format); without a key when MFO_METRICS_PUBLIC=1",
    tag: "operations",
    root: true,
    publicWhen: "metricsPublic",
    ok: { status: 200 },
    errors: [],
  },
] as const satisfies readonly RouteSpec[];

/** Where a route is served: under /api/v1, or at the root. */
export const urlPathOf = (spec: RouteSpec): string => (spec.root ? spec.path : `${API_PREFIX}${spec.path}`);

/** The "method path" key of a route, e.g. "get /flows/:id". */
export const routeKeyOf = (spec: Pick<RouteSpec, "method" | "path">): RouteKey =>
  `${spec.method} ${spec.path}` as RouteKey;

/** The names of a route's path parameters, in order (":id" in "/flows/:id/status" gives "id"). */
export const pathParamsOf = (spec: Pick<RouteSpec, "path">): string[] =>
  [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);

type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** "method path" of each route, one per route (not every method with every path). */
export type RouteKey = KeyOf<(typeof routes)[number]>;

const byKey = new Map<string, RouteSpec>((routes as readonly RouteSpec[]).map((spec) => [routeKeyOf(spec), spec]));

/** The route of a key; every RouteKey has one. */
export const routeOf = (key: RouteKey): RouteSpec => byKey.get(key) as RouteSpec;
