/** What route handlers get: the runtime's parts, the caller, and the parsed body. */
import type { Catalogue } from "@mfo/schemas";
import type { Context } from "hono";
import type { Engine } from "../engine/engine.js";
import type { FlowRegistry } from "../registry/flow-registry.js";
import type { Actor } from "../store/audit.js";
import type { Db } from "../store/database.js";
import type { Principal } from "./auth.js";

export interface AppDeps {
  db: Db;
  registry: FlowRegistry;
  engine: Engine;
  catalogue: Catalogue;
  /** The designer's build folder; undefined: look for designer/dist; "": serve none. */
  designerDir?: string;
  /** MFO_METRICS_PUBLIC: /metrics answers without a key. */
  metricsPublic?: boolean;
  /** Readiness: database reachable and migrations applied. */
  ready(): Promise<{ ok: boolean; detail: string }>;
  log: { info(fields: object, message: string): void; error(fields: object, message: string): void };
}

export interface RouteCall {
  c: Context;
  deps: AppDeps;
  principal: Principal;
  body: unknown;
  param(name: string): string;
}

export type RouteHandler = (call: RouteCall) => Promise<Response>;

/** The caller as the audit log records it. */
export function actorOf(call: RouteCall): Actor {
  return {
    tenantId: call.principal.tenantId,
    actorKeyId: call.principal.keyId,
    requestId: (call.c.get("requestId") as string | undefined) ?? null,
  };
}
