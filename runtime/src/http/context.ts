/** What route handlers get: the runtime's parts, the caller, and the parsed body. */
import type { Catalogue } from "@mfo/schemas";
import type { Context } from "hono";
import type { StorybookBuild } from "../assets/storybook-build.js";
import type { Engine } from "../engine/engine.js";
import type { ActedBy } from "../engine/types.js";
import type { EventBus } from "../events/event-bus.js";
import type { InstanceEndings } from "../events/instance-endings.js";
import type { ExpressionEvaluator } from "../expression/evaluator.js";
import type { RuntimeMetrics } from "../metrics/runtime-metrics.js";
import type { FlowRegistry } from "../registry/flow-registry.js";
import type { SecretVault } from "../secrets/secret-vault.js";
import type { Actor } from "../store/audit-repository.js";
import type { Db } from "../store/database.js";
import type { KeyVerifier, Principal } from "./auth.js";

export interface AppDeps {
  db: Db;
  registry: FlowRegistry;
  engine: Engine;
  /** Wakes live event streams when an instance's history grows (GET /flows/:id/stream). */
  events: EventBus;
  /** What a create-and-wait (POST /flows with a wait) waits on; unset: a wait answers at once with what it has. */
  endings?: InstanceEndings;
  /** MFO_MAX_CREATE_WAIT_SECONDS: the longest wait of a create-and-wait (60 when unset). */
  maxCreateWaitSeconds?: number;
  catalogue: Catalogue;
  /** Evaluates the expressions routes run themselves (a webhook's input and response); unset: the shared pool. */
  expressions?: ExpressionEvaluator;
  /** The tenant's secrets: sealed at rest, opened only where a value is needed at that moment. */
  secrets: SecretVault;
  /** This process's schedule ticker: a schedule created, changed or resumed wakes it (unset: none runs here). */
  schedules?: { wake(): void };
  /** The designer's build folder; undefined: look for designer/dist; "": serve none. */
  designerDir?: string;
  /** The static Storybook build; undefined: look for stories/storybook-static (per request); "": serve none. */
  storybookDir?: string;
  /** The background build of the Storybook (`mfo serve --build-storybook`), whose progress /storybook/ shows. */
  storybookBuild?: StorybookBuild;
  /** MFO_METRICS_PUBLIC: /metrics answers without a key. */
  metricsPublic?: boolean;
  /** The runtime's Prometheus metrics (GET /metrics, HTTP durations); unset: /metrics answers 404. */
  metrics?: RuntimeMetrics;
  /** MFO_RATE_LIMIT: write requests per second per API key (bursts of twice that); 0 or unset: no limit. */
  rateLimit?: number;
  /** MFO_AUTH_FAILURE_LIMIT: failed authentications per client address per minute before 429; 0 or unset: off. */
  authFailureLimit?: number;
  /** MFO_CORS_ORIGINS: browser origins allowed to call the API; empty or unset: CORS off. */
  corsOrigins?: readonly string[];
  /** Readiness: database reachable and migrations applied. */
  ready(): Promise<{ ok: boolean; detail: string }>;
  log: { info(fields: object, message: string): void; error(fields: object, message: string): void };
}

export interface RouteCall {
  c: Context;
  deps: AppDeps;
  principal: Principal;
  /** The app's key verifier (a revoked key is dropped from its cache). */
  keys: KeyVerifier;
  body: unknown;
  param(name: string): string;
}

export type RouteHandler = (call: RouteCall) => Promise<Response>;

/** The caller as an instance's history records an operator's action (event data.by). */
export function actedBy(call: RouteCall): ActedBy {
  const { keyId, name, role } = call.principal;
  return { keyId, name, role };
}

/** The caller as the audit log records it. */
export function actorOf(call: RouteCall): Actor {
  return {
    tenantId: call.principal.tenantId,
    actorKeyId: call.principal.keyId,
    requestId: (call.c.get("requestId") as string | undefined) ?? null,
  };
}
