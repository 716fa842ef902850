/**
 * Administration routes: tenants, API keys and the audit log. The installation admin (an admin key of the
 * default tenant) manages every tenant; an admin of another tenant manages its own keys and reads its own audit
 * log, and sees no other tenant (their ids answer 404, as everywhere).
 */
import type { AuditEntry, CreateApiKeyRequest, CreateTenantRequest } from "@mfo/schemas";
import { AppError, conflict, invalidQuery, notFound } from "../../errors.js";
import { type AuditFilter, type AuditRow, insertAudit, listAudit } from "../../store/audit-repository.js";
import { transaction } from "../../store/database.js";
import {
  type ApiKeyRow,
  createApiKey,
  createTenant,
  findApiKey,
  findTenant,
  listApiKeys,
  listTenants,
  lockActiveKeys,
  revokeApiKey,
} from "../../store/tenant-repository.js";
import { DEFAULT_TENANT, generateKey, isInstallationAdmin } from "../auth.js";
import { actorOf, type RouteCall, type RouteHandler } from "../context.js";
import { isUuid } from "../request-checks.js";

/** The tenant a request acts on: its own, or for the installation admin any existing one; else 404. */
async function tenantFor(call: RouteCall, requested: string | undefined): Promise<string> {
  const own = call.principal.tenantId;
  if (requested === undefined || requested === own) return own;
  const row = isInstallationAdmin(call.principal) ? await findTenant(call.deps.db, requested) : undefined;
  if (!row) throw notFound(`tenant ${requested}`);
  return row.id;
}

const presentKey = (row: ApiKeyRow) => ({
  id: row.id,
  tenant: row.tenantId,
  role: row.role,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
});

const presentAudit = (row: AuditRow): AuditEntry => ({
  id: row.id,
  tenant: row.tenantId,
  actor: row.actorKeyId,
  action: row.action,
  target: row.target,
  at: row.at.toISOString(),
  requestId: row.requestId,
  outcome: row.outcome,
  ...(row.detail ? { detail: row.detail } : {}),
});

function timeQuery(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw invalidQuery(name, `${name} must be an ISO date-time, e.g. 2026-01-31T12:00:00Z`);
  return date;
}

const OUTCOMES = new Set(["ok", "denied", "failed"]);

export const adminRoutes = {
  "post /tenants": async (call) => {
    if (!isInstallationAdmin(call.principal))
      throw new AppError(403, "forbidden", "only an admin key of the default tenant creates tenants");
    const body = call.body as CreateTenantRequest;
    const created = await transaction(call.deps.db, async (tx) => {
      const row = await createTenant(tx, body);
      if (row) await insertAudit(tx, actorOf(call), "tenant.create", row.id, { name: row.name });
      return row;
    });
    if (!created) throw conflict(`tenant ${body.id} exists already`, "tenant-exists");
    return call.c.json({ id: created.id, name: created.name, createdAt: created.createdAt.toISOString() }, 201);
  },

  "get /tenants": async (call) => {
    const rows = await listTenants(
      call.deps.db,
      isInstallationAdmin(call.principal) ? undefined : call.principal.tenantId,
    );
    return call.c.json({
      items: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() })),
    });
  },

  "post /api-keys": async (call) => {
    const body = call.body as CreateApiKeyRequest;
    const tenantId = await tenantFor(call, body.tenant);
    const key = generateKey();
    const row = await transaction(call.deps.db, async (tx) => {
      const keyRow = await createApiKey(tx, { tenantId, role: body.role, name: body.name, key });
      await insertAudit(tx, { ...actorOf(call), tenantId }, "api-key.create", keyRow.id, {
        role: body.role,
        name: body.name,
      });
      return keyRow;
    });
    return call.c.json({ ...presentKey(row), key }, 201);
  },

  "get /api-keys": async (call) => {
    const tenantId = await tenantFor(call, call.c.req.query("tenant"));
    const rows = await listApiKeys(call.deps.db, tenantId);
    return call.c.json({ items: rows.map(presentKey) });
  },

  "delete /api-keys/:id": async (call) => {
    const id = call.param("id");
    const scope = isInstallationAdmin(call.principal) ? undefined : call.principal.tenantId;
    const row = isUuid(id) ? await findApiKey(call.deps.db, id, scope) : undefined;
    if (!row) throw notFound(`API key ${id}`);
    if (row.revokedAt) throw conflict(`API key ${id} is revoked already`, "revoked");
    await transaction(call.deps.db, async (tx) => {
      if (row.tenantId === DEFAULT_TENANT && row.role === "admin") {
        if ((await lockActiveKeys(tx, DEFAULT_TENANT, "admin")) <= 1)
          throw conflict("this is the last admin key of the default tenant; create another one first", "last-admin");
      }
      await revokeApiKey(tx, row.id);
      await insertAudit(tx, { ...actorOf(call), tenantId: row.tenantId }, "api-key.revoke", row.id, {
        role: row.role,
        name: row.name,
      });
    });
    call.keys.forget(row.keyHash);
    return call.c.body(null, 204);
  },

  "get /audit": async (call) => {
    const q = call.c.req.query();
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw invalidQuery("limit", "limit must be a whole number from 1 to 500");
    const tenantId = await tenantFor(call, q.tenant);
    // The installation admin also sees what no tenant can be named for: requests with unknown keys.
    const filter: AuditFilter = {
      tenantId,
      withoutTenant: tenantId === DEFAULT_TENANT && isInstallationAdmin(call.principal) && q.tenant === undefined,
    };
    if (q.actor !== undefined) {
      if (!isUuid(q.actor)) throw invalidQuery("actor", "actor must be the id of an API key");
      filter.actorKeyId = q.actor;
    }
    if (q.action !== undefined) filter.action = q.action;
    if (q.target !== undefined) filter.target = q.target;
    if (q.outcome !== undefined) {
      if (!OUTCOMES.has(q.outcome)) throw invalidQuery("outcome", "outcome must be ok, denied or failed");
      filter.outcome = q.outcome as AuditEntry["outcome"];
    }
    const from = timeQuery(q.from, "from");
    const to = timeQuery(q.to, "to");
    if (from) filter.from = from;
    if (to) filter.to = to;
    if (q.cursor !== undefined) {
      const before = Number(q.cursor);
      if (!Number.isSafeInteger(before) || before < 1)
        throw invalidQuery("cursor", "the cursor is not one this API gave out");
      filter.beforeId = before;
    }
    const { rows: page, more } = await listAudit(call.deps.db, filter, limit);
    const last = page.at(-1);
    return call.c.json({
      items: page.map(presentAudit),
      nextCursor: more && last ? String(last.id) : null,
    });
  },
} satisfies Record<string, RouteHandler>;
