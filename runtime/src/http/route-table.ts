/**
 * Every API route once, as data: method, path, the least role it needs, its body and answers (definitions of
 * api.schema.json / flow.schema.json). The app registers handlers against it, the OpenAPI document is built
 * from it, and tests walk it, so a route cannot exist without its role and its documentation.
 */
import type { ApiBodyName } from "@mfo/schemas";
import type { Role } from "../store/schema.js";

export type Method = "get" | "post" | "put" | "delete";
/** An api.schema.json definition, the flow definition, or free JSON. */
export type BodyRef = ApiBodyName | "flowDefinition" | "json";

export interface RouteSpec {
  method: Method;
  /** Hono path syntax, under /api/v1. */
  path: string;
  role: Role;
  summary: string;
  tag: "flow types" | "flows" | "catalogue";
  body?: BodyRef;
  /** An absent body counts as `{}` (every field of the body is optional). */
  bodyOptional?: true;
  /** Success status and body. */
  ok: { status: 200 | 201 | 204; body?: BodyRef };
  /** Error statuses this route may answer beside 401/403/413. */
  errors: number[];
  /** Query parameters, for the documentation. */
  query?: Record<string, { type: "string" | "integer" | "boolean"; description: string }>;
}

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
    errors: [],
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
    role: "operator",
    summary: "Create an instance (a repeated idempotencyKey returns the first instance with 200)",
    tag: "flows",
    body: "createInstanceRequest",
    ok: { status: 201, body: "instance" },
    errors: [404, 422],
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
      status: { type: "string", description: "running, waiting, paused, completed, failed or cancelled" },
      flowType: { type: "string", description: "only instances of this flow type" },
      active: { type: "boolean", description: "true: only running, waiting and paused instances" },
      limit: { type: "integer", description: "page size, 1 to 200 (default 50)" },
      cursor: { type: "string", description: "nextCursor of the previous page" },
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
    method: "post",
    path: "/flows/:id/execute",
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
    role: "operator",
    summary: "Stop taking new steps (a step in flight finishes and is kept)",
    tag: "flows",
    ok: { status: 200, body: "instance" },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/flows/:id/resume",
    role: "operator",
    summary: "Continue where it stopped (a failed phase is retried)",
    tag: "flows",
    ok: { status: 200, body: "instance" },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/flows/:id/cancel",
    role: "operator",
    summary: "End as cancelled",
    tag: "flows",
    ok: { status: 200, body: "instance" },
    errors: [404, 409],
  },
  {
    method: "delete",
    path: "/flows/:id",
    role: "operator",
    summary: "Soft delete (audited; 404 afterwards)",
    tag: "flows",
    ok: { status: 204 },
    errors: [404],
  },
] as const satisfies readonly RouteSpec[];

type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** "method path" of each route, one per route (not every method with every path). */
export type RouteKey = KeyOf<(typeof routes)[number]>;
