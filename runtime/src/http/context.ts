/** What route handlers get: the runtime's parts, the caller, and the parsed body. */
import type { Catalogue } from "@mfo/schemas";
import type { Context } from "hono";
import type { Engine } from "../engine/engine.js";
import type { FlowRegistry } from "../registry/flow-registry.js";
import type { Db } from "../store/database.js";
import type { AuditOutcome } from "../store/schema.js";
import { audit as auditTable } from "../store/schema.js";
import type { Principal } from "./auth.js";

export interface AppDeps {
  db: Db;
  registry: FlowRegistry;
  engine: Engine;
  catalogue: Catalogue;
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

/** Appends an audit row for a state-changing action. */
export async function audit(
  call: RouteCall,
  action: string,
  target: string,
  outcome: AuditOutcome = "ok",
  detail?: object,
) {
  await call.deps.db.insert(auditTable).values({
    tenantId: call.principal.tenantId,
    actorKeyId: call.principal.keyId,
    action,
    target,
    requestId: (call.c.get("requestId") as string | undefined) ?? null,
    outcome,
    detail: (detail as Record<string, unknown>) ?? null,
  });
}
