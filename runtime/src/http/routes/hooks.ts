/**
 * A flow type's webhooks: create, list, read, replace, delete. A hook's id is random (`hk_` + 24 base64url
 * characters, 144 bits) and is its public address, POST /api/v1/hooks/<id> (hook-calls.ts). Create and update
 * refuse what the call could never use: a secret the tenant does not have, an input or response expression that
 * does not parse (422 naming the field), a flow type the tenant does not have (404).
 */
import { randomBytes } from "node:crypto";
import {
  API_PREFIX,
  checkExpression,
  describeExpressionProblem,
  type Hook,
  type HookAuth,
  type HookRequest,
  type ValidationError,
} from "@mfo/schemas";
import { invalid, notFound } from "../../errors.js";
import { insertAudit } from "../../store/audit-repository.js";
import { transaction } from "../../store/database.js";
import { findDraft, flowTypeHead } from "../../store/flow-type-repository.js";
import {
  deleteHook,
  findHook,
  type HookRow,
  type HookSettings,
  insertHook,
  listHooks,
  updateHook,
} from "../../store/hook-repository.js";
import { actorOf, type RouteCall, type RouteHandler } from "../context.js";

/** The defaults hookRequest's descriptions promise. */
export const HOOK_DEFAULTS = {
  respond: "accepted",
  timeoutMs: 10_000,
  idempotencyHeader: "Idempotency-Key",
  maxBodyBytes: 262_144,
  rateLimitPerMinute: 600,
} as const;

/** The header a hook's caller puts its token or signature in when the hook names none. */
export function authHeaderOf(auth: HookAuth): string {
  return auth.header ?? (auth.type === "hmac" ? "X-Hub-Signature-256" : "X-Hook-Token");
}

export function newHookId(): string {
  return `hk_${randomBytes(18).toString("base64url")}`;
}

export function presentHook(row: HookRow): Hook {
  return {
    id: row.id,
    flowType: row.flowTypeId,
    name: row.name,
    enabled: row.enabled,
    url: `${API_PREFIX}/hooks/${row.id}`,
    auth: row.auth as unknown as HookAuth,
    respond: row.respond,
    input: row.inputExpression,
    response: row.responseExpression,
    timeoutMs: row.timeoutMs,
    headers: row.headers,
    idempotencyHeader: row.idempotencyHeader,
    maxBodyBytes: row.maxBodyBytes,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** 404 unless the tenant has the flow type (published, or only drafted: a hook may be set up before publishing). */
async function requireFlowType(call: RouteCall): Promise<string> {
  const tenant = call.principal.tenantId;
  const id = call.param("id");
  const known = (await flowTypeHead(call.deps.db, tenant, id)) ?? (await findDraft(call.deps.db, tenant, id));
  if (!known) throw notFound(`flow type "${id}"`);
  return id;
}

/** The stored settings of a request, defaults filled; 422 naming each field the call could never use. */
async function settingsOf(call: RouteCall, body: HookRequest, flowType: string): Promise<HookSettings> {
  const errors: ValidationError[] = [];
  for (const field of ["input", "response"] as const) {
    const source = body[field];
    const problem = source === undefined ? null : checkExpression(source);
    if (problem) {
      const message = `not a JSONata expression: ${describeExpressionProblem(problem)}`;
      errors.push({ path: `/${field}`, code: "invalid-expression", message });
    }
  }
  if ((await call.deps.secrets.read(call.principal.tenantId, body.auth.secret)) === undefined) {
    const message = `the tenant has no secret "${body.auth.secret}" (PUT /secrets/${body.auth.secret} first)`;
    errors.push({ path: "/auth/secret", code: "unknown-secret", message });
  }
  if (errors.length > 0) throw invalid("the webhook cannot be used as it stands", errors, "invalid-hook");
  const auth: HookAuth = { type: body.auth.type, secret: body.auth.secret };
  if (body.auth.header !== undefined) auth.header = body.auth.header;
  return {
    name: body.name ?? `${flowType} webhook`,
    enabled: body.enabled ?? true,
    auth: auth as unknown as Record<string, unknown>,
    respond: body.respond ?? HOOK_DEFAULTS.respond,
    inputExpression: body.input ?? null,
    responseExpression: body.response ?? null,
    timeoutMs: body.timeoutMs ?? HOOK_DEFAULTS.timeoutMs,
    // Header names are case-insensitive: stored lower case, as the input expression reads them.
    headers: [...new Set((body.headers ?? []).map((h) => h.toLowerCase()))],
    idempotencyHeader: body.idempotencyHeader ?? HOOK_DEFAULTS.idempotencyHeader,
    maxBodyBytes: body.maxBodyBytes ?? HOOK_DEFAULTS.maxBodyBytes,
    rateLimitPerMinute: body.rateLimitPerMinute ?? HOOK_DEFAULTS.rateLimitPerMinute,
    updatedBy: call.principal.keyId || null,
  };
}

/** What an audit row of a change says about the hook: its settings' gist, never a secret's value (there is none). */
const auditDetail = (row: HookRow) => ({
  flowType: row.flowTypeId,
  name: row.name,
  enabled: row.enabled,
  auth: row.auth,
  respond: row.respond,
});

async function ownHook(call: RouteCall): Promise<HookRow> {
  const flowType = await requireFlowType(call);
  const id = call.param("hookId");
  const row = await findHook(call.deps.db, call.principal.tenantId, flowType, id);
  if (!row) throw notFound(`webhook ${id}`);
  return row;
}

export const hookRoutes = {
  "get /flow-types/:id/hooks": async (call) => {
    const flowType = await requireFlowType(call);
    const rows = await listHooks(call.deps.db, call.principal.tenantId, flowType);
    return call.c.json({ items: rows.map(presentHook) }, 200);
  },

  "post /flow-types/:id/hooks": async (call) => {
    const flowType = await requireFlowType(call);
    const settings = await settingsOf(call, call.body as HookRequest, flowType);
    const row = await transaction(call.deps.db, async (tx) => {
      const inserted = await insertHook(tx, {
        id: newHookId(),
        tenantId: call.principal.tenantId,
        flowTypeId: flowType,
        ...settings,
      });
      await insertAudit(tx, actorOf(call), "hook.create", inserted.id, auditDetail(inserted));
      return inserted;
    });
    call.c.header("location", `${API_PREFIX}/flow-types/${encodeURIComponent(flowType)}/hooks/${row.id}`);
    return call.c.json(presentHook(row), 201);
  },

  "get /flow-types/:id/hooks/:hookId": async (call) => call.c.json(presentHook(await ownHook(call)), 200),

  "put /flow-types/:id/hooks/:hookId": async (call) => {
    const existing = await ownHook(call);
    const settings = await settingsOf(call, call.body as HookRequest, existing.flowTypeId);
    const row = await transaction(call.deps.db, async (tx) => {
      const updated = await updateHook(tx, existing, settings);
      if (updated) await insertAudit(tx, actorOf(call), "hook.update", updated.id, auditDetail(updated));
      return updated;
    });
    if (!row) throw notFound(`webhook ${existing.id}`);
    return call.c.json(presentHook(row), 200);
  },

  "delete /flow-types/:id/hooks/:hookId": async (call) => {
    const existing = await ownHook(call);
    const deleted = await transaction(call.deps.db, async (tx) => {
      const gone = await deleteHook(tx, existing);
      if (gone) await insertAudit(tx, actorOf(call), "hook.delete", existing.id, { flowType: existing.flowTypeId });
      return gone;
    });
    if (!deleted) throw notFound(`webhook ${existing.id}`);
    return call.c.body(null, 204);
  },
} satisfies Record<string, RouteHandler>;
