/**
 * The access matrix, generated from the route table: every route x every role x two tenants (the default tenant,
 * whose admins run the installation, and an ordinary one) x the caller's own object or another tenant's. A route
 * added to the table without a case here does not compile (`cases` is a Record over every route), so no route can
 * escape the matrix.
 *
 * Expected: a role below the route's least role answers 403 before anything is looked up; another tenant's object
 * answers 404 (flow routes for everybody; admin routes for tenant admins, while the installation admin may name any
 * tenant); the caller's own object answers 2xx. And no answer, whatever its status, contains an id of an object of
 * a tenant the caller may not see.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition, Role } from "@mfo/schemas";
import { API_PREFIX, type RouteKey, type RouteSpec, routes } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { createTenant, storeKey } from "../store/tenant-repository.js";
import { testConfig } from "../testing/cli-harness.js";
import { lineFlow } from "../testing/test-runtime.js";
import { DEFAULT_TENANT, ROLE_RANK } from "./auth.js";

const ROLES: Role[] = ["viewer", "operator", "architect", "admin"];
const OTHER_TENANT = "acme";
type TenantId = typeof DEFAULT_TENANT | typeof OTHER_TENANT;

/** What one tenant owns in the fixture; ids of the other tenant's objects must never reach this tenant. */
interface Owned {
  keys: Record<Role, string>;
  keyIds: string[];
  /** A flow type only this tenant has (both tenants also have "matrix", each their own). */
  onlyFlow: string;
  instance: string;
  /** A webhook of its "matrix" flow type (token auth, with the secret "matrix-hook"). */
  hook: string;
}

/** start -> a manual noop phase `go` -> done: instances wait at `go` until executed. */
const flow = (id: string, name = id): FlowDefinition =>
  lineFlow(id, [{ id: "go", handler: "noop", trigger: "manual" }], { name });

let runtime: Runtime;
let dataDir: string;
const owned = {} as Record<TenantId, Owned>;
let counter = 0;
const unique = () => `m${++counter}`;

async function request(method: string, path: string, key: string, body?: unknown, headers = {}) {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, "content-type": "application/json" };
  }
  const response = await runtime.app.request(path, init);
  // A live stream never ends by itself: read what is there now, then let go.
  const text = response.headers.get("content-type")?.startsWith("text/event-stream")
    ? await response.body?.cancel().then(() => "")
    : await response.text();
  return { status: response.status, text: text ?? "" };
}

async function ok(method: string, path: string, key: string, body?: unknown) {
  const answer = await request(method, `${API_PREFIX}${path}`, key, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.text ? JSON.parse(answer.text) : null;
}

/** A fresh instance of the tenant's "matrix" flow, waiting at its manual phase (or paused). */
async function instanceOf(tenant: TenantId, paused = false): Promise<string> {
  const { id } = await ok("POST", "/flows", owned[tenant].keys.operator, { flowType: "matrix" });
  for (let i = 0; i < 200; i++) {
    const { status } = await ok("GET", `/flows/${id}/status`, owned[tenant].keys.viewer);
    if (status === "waiting") break;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (paused) await ok("POST", `/flows/${id}/pause`, owned[tenant].keys.operator);
  return id;
}

/** A fresh schedule of the tenant's own flow type (never due in a test): its path under /flow-types. */
async function scheduleOf(tenant: TenantId): Promise<string> {
  const base = `/flow-types/${owned[tenant].onlyFlow}/schedules`;
  const { id } = await ok("POST", base, owned[tenant].keys.architect, { cron: "0 0 1 1 *", name: unique() });
  return `${base}/${id}`;
}

async function keyOf(tenant: TenantId): Promise<string> {
  const key = `matrix-${unique()}`;
  const id = await storeKey(runtime.database.db, tenant, "viewer", "revocable", key);
  owned[tenant].keyIds.push(id);
  return id;
}

/** One request of a route, against the caller's own objects (`own`) or another tenant's (`other`). */
interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const HOOK_REQUEST = { auth: { type: "token", secret: "matrix-hook" } };
/** The value of the tenant's secret "matrix-hook": each tenant's differs. */
const hookSecret = (tenant: TenantId) => `hook-token-of-${tenant}`;

/** A fresh webhook of the tenant's "matrix" flow type. */
async function hookOf(tenant: TenantId): Promise<string> {
  const { id } = await ok("POST", "/flow-types/matrix/hooks", owned[tenant].keys.architect, HOOK_REQUEST);
  return id;
}
type Case = (ctx: { caller: TenantId; target: TenantId }) => Promise<Call>;

/**
 * How to call each route against the objects of `target`. For routes without an object in the path, the other
 * tenant is named in the body or query where the route takes one; where it takes none, both variants are the
 * caller's own request and isolation is checked on the answer alone.
 */
const cases: Record<RouteKey, Case> = {
  "post /flow-types/validate": async () => ({ path: "/flow-types/validate", body: flow("checked") }),
  // Flow type ids are per tenant: the caller's draft of any id is its own (reading the other's is tested above).
  "put /flow-types/:id/draft": async ({ caller }) => ({
    path: `/flow-types/${owned[caller].onlyFlow}/draft`,
    body: flow(owned[caller].onlyFlow, unique()),
  }),
  "post /flow-types": async () => ({ path: "/flow-types", body: flow("published", unique()) }),
  "post /flow-types/:id/publish": async ({ caller, target }) => {
    if (caller === target)
      await ok("PUT", `/flow-types/${owned[target].onlyFlow}/draft`, owned[target].keys.architect, {
        ...flow(owned[target].onlyFlow, unique()),
      });
    return { path: `/flow-types/${owned[target].onlyFlow}/publish` };
  },
  "get /flow-types": async () => ({ path: "/flow-types" }),
  "get /flow-types/:id": async ({ target }) => ({ path: `/flow-types/${owned[target].onlyFlow}` }),
  "get /flow-types/:id/versions/:version": async ({ target }) => ({
    path: `/flow-types/${owned[target].onlyFlow}/versions/1`,
  }),
  "delete /flow-types/:id/draft": async ({ caller, target }) => {
    if (caller !== target) return { path: `/flow-types/${owned[target].onlyFlow}/draft` };
    const id = unique();
    await ok("PUT", `/flow-types/${id}/draft`, owned[target].keys.architect, flow(id));
    return { path: `/flow-types/${id}/draft` };
  },
  "post /flow-types/:id/versions/:version/restore": async ({ target }) => ({
    path: `/flow-types/${owned[target].onlyFlow}/versions/1/restore`,
  }),
  "get /flow-types/:id/instance-count": async ({ target }) => ({
    path: `/flow-types/${owned[target].onlyFlow}/instance-count`,
  }),
  // Archives a flow type made for the call (the fixture's own flow types must keep taking instances).
  "delete /flow-types/:id": async ({ caller, target }) => {
    if (caller !== target) return { path: `/flow-types/${owned[target].onlyFlow}` };
    const id = unique();
    await ok("POST", "/flow-types", owned[target].keys.architect, flow(id));
    return { path: `/flow-types/${id}` };
  },
  "get /catalogue": async () => ({ path: "/catalogue" }),
  // A draft of any id is the caller's own (a brand-new one may be test-run): nothing of the other tenant is named.
  "post /flow-types/:id/draft/test-runs": async () => {
    const id = unique();
    return { path: `/flow-types/${id}/draft/test-runs`, body: { definition: flow(id) } };
  },
  "post /flow-types/:id/draft/test-step": async () => {
    const id = unique();
    return { path: `/flow-types/${id}/draft/test-step`, body: { definition: flow(id), nodeId: "go", context: {} } };
  },
  "get /flows/:id/definition": async ({ target }) => ({ path: `/flows/${owned[target].instance}/definition` }),
  "post /flows": async ({ target }) => ({ path: "/flows", body: { flowType: owned[target].onlyFlow } }),
  "get /flows": async () => ({ path: "/flows" }),
  "get /flows/analytics": async ({ target }) => ({ path: `/flows/analytics?flowType=${owned[target].onlyFlow}` }),
  "get /flows/:id": async ({ target }) => ({ path: `/flows/${owned[target].instance}` }),
  "get /flows/:id/status": async ({ target }) => ({ path: `/flows/${owned[target].instance}/status` }),
  "get /flows/:id/events": async ({ target }) => ({ path: `/flows/${owned[target].instance}/events` }),
  "get /flows/:id/nodes/:nodeId": async ({ target }) => ({ path: `/flows/${owned[target].instance}/nodes/go` }),
  "get /flows/:id/attempts": async ({ target }) => ({ path: `/flows/${owned[target].instance}/attempts` }),
  "get /flows/:id/stream": async ({ target }) => ({ path: `/flows/${owned[target].instance}/stream` }),
  "post /flows/:id/execute": async ({ target }) => ({ path: `/flows/${await instanceOf(target)}/execute` }),
  "post /flows/:id/pause": async ({ target }) => ({ path: `/flows/${await instanceOf(target)}/pause` }),
  "post /flows/:id/resume": async ({ target }) => ({ path: `/flows/${await instanceOf(target, true)}/resume` }),
  "post /flows/:id/cancel": async ({ target }) => ({ path: `/flows/${await instanceOf(target)}/cancel` }),
  "delete /flows/:id": async ({ target }) => ({ path: `/flows/${await instanceOf(target)}` }),
  "post /tenants": async () => ({ path: "/tenants", body: { id: `t-${unique()}`, name: "Made by the matrix" } }),
  "get /tenants": async () => ({ path: "/tenants" }),
  "post /api-keys": async ({ target }) => ({ path: "/api-keys", body: { tenant: target, role: "viewer", name: "x" } }),
  "get /api-keys": async ({ target }) => ({ path: `/api-keys?tenant=${target}` }),
  "delete /api-keys/:id": async ({ target }) => ({ path: `/api-keys/${await keyOf(target)}` }),
  "get /audit": async ({ target }) => ({ path: `/audit?tenant=${target}` }),
  "get /metrics": async () => ({ path: "/metrics" }),
  // Issue 19 (placeholders until each route is built: the schedules, hooks, events and secrets changes fill them).
  "get /flow-types/:id/schedules": async ({ target }) => ({ path: `/flow-types/${owned[target].onlyFlow}/schedules` }),
  "post /flow-types/:id/schedules": async ({ target }) => ({
    path: `/flow-types/${owned[target].onlyFlow}/schedules`,
    body: { cron: "0 0 1 1 *", name: unique() },
  }),
  "get /flow-types/:id/schedules/:scheduleId": async ({ target }) => ({ path: await scheduleOf(target) }),
  "put /flow-types/:id/schedules/:scheduleId": async ({ target }) => ({
    path: await scheduleOf(target),
    body: { cron: "0 0 2 1 *", name: unique() },
  }),
  "delete /flow-types/:id/schedules/:scheduleId": async ({ target }) => ({ path: await scheduleOf(target) }),
  "post /flow-types/:id/schedules/:scheduleId/pause": async ({ target }) => ({
    path: `${await scheduleOf(target)}/pause`,
  }),
  "post /flow-types/:id/schedules/:scheduleId/resume": async ({ target }) => ({
    path: `${await scheduleOf(target)}/resume`,
  }),
  "post /schedules/preview": async () => ({ path: "/schedules/preview", body: { cron: "*/5 * * * *" } }),
  // Hooks: each tenant has a token hook on its "matrix" flow type, whose secret has a value of its own.
  "get /flow-types/:id/hooks": async ({ target }) => ({ path: `/flow-types/${owned[target].onlyFlow}/hooks` }),
  "post /flow-types/:id/hooks": async ({ target }) => ({
    path: `/flow-types/${owned[target].onlyFlow}/hooks`,
    body: HOOK_REQUEST,
  }),
  // Both tenants have a "matrix" flow type: the other's hook id is looked up, and not found, in the caller's own.
  "get /flow-types/:id/hooks/:hookId": async ({ target }) => ({
    path: `/flow-types/matrix/hooks/${owned[target].hook}`,
  }),
  "put /flow-types/:id/hooks/:hookId": async ({ target }) => ({
    path: `/flow-types/matrix/hooks/${owned[target].hook}`,
    body: HOOK_REQUEST,
  }),
  "delete /flow-types/:id/hooks/:hookId": async ({ target }) => ({
    path: `/flow-types/matrix/hooks/${await hookOf(target)}`,
  }),
  // Public: the API key plays no part; the caller's own secret opens only the caller's own hooks (else 401).
  "post /hooks/:hookId": async ({ caller, target }) => ({
    path: `/hooks/${owned[target].hook}`,
    body: {},
    headers: { "x-hook-token": hookSecret(caller) },
  }),
  "post /hooks/:hookId/:token": async ({ caller, target }) => ({
    path: `/hooks/${owned[target].hook}/${hookSecret(caller)}`,
    body: {},
  }),
  // The event names no object: both variants are the caller's own send (its isolation: events.test.ts).
  "post /events": async () => ({ path: "/events", body: { name: "matrix.tick", key: unique(), ttlSeconds: 0 } }),
  // A secret's name is per tenant: listing shows the caller's own (another tenant's would name its key ids); a
  // PUT of the other tenant's name makes the caller's own; the other tenant's secret cannot be deleted (404).
  "get /secrets": async () => ({ path: "/secrets" }),
  "put /secrets/:name": async ({ target }) => ({ path: `/secrets/secret-of-${target}`, body: { value: "v-matrix" } }),
  "delete /secrets/:name": async ({ caller, target }) => {
    if (caller !== target) return { path: `/secrets/kept-by-${target}` };
    const name = `gone-${unique()}`;
    await ok("PUT", `/secrets/${name}`, owned[target].keys.admin, { value: "v-matrix" });
    return { path: `/secrets/${name}` };
  },
};

/**
 * Routes where the installation admin may act on, or see, another tenant's objects (administration is its job;
 * /metrics shows it every tenant's series, a tenant's keys only their own).
 */
const crossTenantForInstallationAdmin = new Set<RouteKey>([
  "get /metrics",
  "post /api-keys",
  "get /api-keys",
  "delete /api-keys/:id",
  "get /audit",
]);
/** Routes whose "other" variant addresses nothing of the other tenant (their isolation is in the answer). */
const namesNoObject = new Set<RouteKey>([
  "post /flow-types/validate",
  "put /flow-types/:id/draft",
  "post /flow-types/:id/draft/test-runs",
  "post /flow-types/:id/draft/test-step",
  "get /flows/analytics",
  "post /flow-types",
  "get /flow-types",
  "get /catalogue",
  "get /flows",
  "post /tenants",
  "get /tenants",
  "get /metrics",
  "post /schedules/preview",
  "get /secrets",
  "put /secrets/:name",
  "post /events",
]);

function expected(key: RouteKey, spec: RouteSpec, role: Role, caller: TenantId, target: TenantId): number | "2xx" {
  // A public route ignores the key: the caller's own secret opens the caller's own objects only.
  if (spec.public) return caller === target ? "2xx" : 401;
  if (ROLE_RANK[role] < ROLE_RANK[spec.role]) return 403;
  if (key === "post /tenants" && caller !== DEFAULT_TENANT) return 403;
  if (caller === target || namesNoObject.has(key)) return "2xx";
  if (caller === DEFAULT_TENANT && role === "admin" && crossTenantForInstallationAdmin.has(key)) return "2xx";
  return 404;
}

/**
 * What of the other tenant an answer shows: its objects' ids, and in the audit log its rows. (The caller's own
 * audit rows may name another tenant's id: the caller typed it, in a request that failed; and they may name the
 * installation admin's key, which acted on this tenant.)
 * Nothing, where the installation admin asked about that tenant.
 */
function leaks(key: RouteKey, role: Role, caller: TenantId, text: string, asked: string, status: number): string[] {
  const other = caller === DEFAULT_TENANT ? OTHER_TENANT : DEFAULT_TENANT;
  const installationAdmin = caller === DEFAULT_TENANT && role === "admin";
  if (installationAdmin && (crossTenantForInstallationAdmin.has(key) || key === "get /tenants")) return [];
  if (key === "get /audit" && status === 200) {
    const items = (JSON.parse(text) as { items: Array<{ id: number; tenant: string | null }> }).items;
    return items.filter((row) => row.tenant !== caller).map((row) => `audit row ${row.id} of ${row.tenant}`);
  }
  // A refusal may repeat what the caller asked for (its path in the problem's instance): that is no leak.
  const ids = [owned[other].instance, owned[other].onlyFlow, owned[other].hook, ...owned[other].keyIds];
  return ids.filter((id) => text.includes(id) && !(status >= 400 && asked.includes(id)));
}

describe("access matrix (every route x role x tenant x own/other object)", () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-matrix-"));
    runtime = await createRuntime(testConfig(dataDir));
    runtime.engine.start();
    await createTenant(runtime.database.db, { id: OTHER_TENANT, name: "Acme" });
    for (const tenant of [DEFAULT_TENANT, OTHER_TENANT] as const) {
      const keys = {} as Record<Role, string>;
      const keyIds: string[] = [];
      for (const role of ROLES) {
        keys[role] = `matrix-${tenant}-${role}`;
        keyIds.push(await storeKey(runtime.database.db, tenant, role, role, keys[role]));
      }
      owned[tenant] = { keys, keyIds, onlyFlow: `only-${tenant}`, instance: "", hook: "" };
      await ok("POST", "/flow-types", keys.architect, flow("matrix"));
      await ok("POST", "/flow-types", keys.architect, flow(owned[tenant].onlyFlow));
      owned[tenant].instance = await instanceOf(tenant);
      for (const name of [`secret-of-${tenant}`, `kept-by-${tenant}`])
        await ok("PUT", `/secrets/${name}`, keys.admin, { value: `v-${tenant}` });
      await runtime.secrets.write(tenant, "matrix-hook", hookSecret(tenant), null);
      owned[tenant].hook = await hookOf(tenant);
    }
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const table = (routes as readonly RouteSpec[]).map(
    (spec) => [`${spec.method} ${spec.path}` as RouteKey, spec] as [RouteKey, RouteSpec],
  );

  it.each(table)("%s", async (key, spec) => {
    const failures: string[] = [];
    for (const caller of [DEFAULT_TENANT, OTHER_TENANT] as const) {
      const other: TenantId = caller === DEFAULT_TENANT ? OTHER_TENANT : DEFAULT_TENANT;
      for (const target of [caller, other]) {
        for (const role of ROLES) {
          const call = await cases[key]({ caller, target });
          const path = spec.root ? call.path : `${API_PREFIX}${call.path}`;
          const answer = await request(
            spec.method.toUpperCase(),
            path,
            owned[caller].keys[role],
            call.body,
            call.headers,
          );
          const want = expected(key, spec, role, caller, target);
          const label = `${role} of ${caller} on ${target === caller ? "own" : "other"}: ${answer.status}`;
          if (want === "2xx" ? answer.status < 200 || answer.status > 299 : answer.status !== want)
            failures.push(`${label}, expected ${want} (${answer.text.slice(0, 200)})`);
          const asked = `${path} ${JSON.stringify(call.body ?? null)}`;
          const leaked = leaks(key, role, caller, answer.text, asked, answer.status);
          if (leaked.length > 0) failures.push(`${label} shows ${leaked.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("covers every route of the table", () => {
    expect(Object.keys(cases).sort()).toEqual(table.map(([key]) => key).sort());
  });

  it("answers 401 to a missing, unknown or revoked key on every route but a public one", async () => {
    const revoked = `matrix-revoked`;
    const id = await storeKey(runtime.database.db, OTHER_TENANT, "admin", "to revoke", revoked);
    await ok("DELETE", `/api-keys/${id}`, owned[DEFAULT_TENANT].keys.admin);
    for (const spec of routes as readonly RouteSpec[]) {
      if (spec.public) continue;
      const path = spec.root ? spec.path : `${API_PREFIX}${spec.path.replace(/:[a-z]+/g, "x")}`;
      for (const key of [undefined, "mfo_unknown", revoked]) {
        const init: RequestInit = { method: spec.method.toUpperCase() };
        if (key) init.headers = { authorization: `Bearer ${key}` };
        const response = await runtime.app.request(path, init);
        expect(response.status, `${spec.method} ${spec.path} with ${key}`).toBe(401);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
      }
    }
  });
});
