/**
 * A webhook call, POST /hooks/<id> (or /hooks/<id>/<token>): public (no API key) and with the raw body, so the
 * hook itself authenticates the caller. In order: the hook (unknown or disabled: 404), its rate limit (429), the
 * body's size (413), the token or HMAC signature (401, one answer whatever was wrong), the body and the input
 * expression (422), then the instance, created exactly as POST /flows creates one (input checked against the
 * flow's input schema, 422 with the errors). A repeated idempotency header is refused (409 `replayed`, naming the
 * instance the first call started). `respond: "result"` waits for the end like a create-and-wait and answers the
 * output mapped by the response expression, with the instance's status in `MFO-Instance-Status`; an instance
 * that failed or was cancelled is a 422 problem (`instance-failed`) naming it, never a 2xx.
 *
 * Every call is audited (hook.call, target the hook id): a refused one with detail { status, code, instanceId? }
 * (outcome denied for 401, else failed), one that started an instance by the create's own statement, detail
 * { respond, instanceId, status? }. Never the secret, the token, the signature or the body. Answers are built
 * here rather than thrown to the app, whose problem and audit row would carry the request path, and with it the
 * token of the path variant.
 */
import { API_PREFIX, type CreateInstanceRequest, type HookAuth, isEnded } from "@mfo/schemas";
import type { Context } from "hono";
import { AppError, invalid, invalidQuery } from "../../errors.js";
import { ExpressionError } from "../../expression/expression-error.js";
import { sharedExpressionPool } from "../../expression/shared-pool.js";
import { type AuditOutcome, countAudit, insertAudit } from "../../store/audit-repository.js";
import { findHookForCall, type HookRow } from "../../store/hook-repository.js";
import { authenticate } from "../../webhooks/hook-auth.js";
import { isInputObject, listedHeaders, parseHookBody } from "../../webhooks/hook-input.js";
import { createHookRateLimiter, type HookRateLimiter } from "../../webhooks/hook-rate-limit.js";
import { clientAddress } from "../auth-failures.js";
import type { AppDeps, RouteCall, RouteHandler } from "../context.js";
import { outputOf } from "../instance-output.js";
import { problemResponse } from "../problem.js";
import { authHeaderOf } from "./hooks.js";

/** What newHookId makes; anything else is not looked up. */
const HOOK_ID = /^hk_[A-Za-z0-9_-]{16,64}$/;
/** The longest idempotency header value: with `hook:<id>:` it stays within an instance's 200-character key. */
const MAX_REPLAY_KEY = 160;

/** The path as logs and problems show it: a token in the path is replaced by `[token]`. */
export function redactHookPath(path: string): string {
  return path.replace(/^(\/api\/v1\/hooks\/[^/]+)\/[^/]+\/?$/, "$1/[token]");
}

interface CallLimits {
  limiter: HookRateLimiter;
  /** The minute of each hook's last audited 429: one row per hook and minute, not a write per refused call. */
  refusalAudited: Map<string, string>;
}
/** One limiter per app, so that two runtimes in one process (tests) do not share their hooks' budgets. */
const limits = new WeakMap<AppDeps, CallLimits>();
function limitsOf(deps: AppDeps): CallLimits {
  let found = limits.get(deps);
  if (!found) {
    found = { limiter: createHookRateLimiter(), refusalAudited: new Map() };
    limits.set(deps, found);
  }
  return found;
}

/** A refusal the call answers with a problem: status, code, message, and what else the problem says. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly auditCode: string = code,
  ) {
    super(message);
  }
}

const UNAUTHORIZED = (why: string) =>
  new Refusal(401, "unauthorized", "the webhook's token or signature is missing or does not match", {}, why);

/** The raw body, refused (413) over the hook's limit, by its Content-Length before reading when it tells. */
async function rawBodyOf(c: Context, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new Refusal(413, "body-too-large", `the body is over this webhook's limit of ${limit} bytes`);
  const declared = Number(c.req.header("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (raw.byteLength > limit) throw tooLarge();
  return raw;
}

async function evaluate(deps: AppDeps, field: "input" | "response", source: string, data: unknown) {
  try {
    return await (deps.expressions ?? sharedExpressionPool()).evaluate(source, data);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const message = `the webhook's ${field} expression failed: ${error.message}`;
    throw invalid(message, [{ path: `/${field}`, code: error.code, message }], `${field}-expression-failed`);
  }
}

/** The instance input the call gives: the input expression over { body, headers, query }, or the body. */
async function inputOf(call: RouteCall, hook: HookRow, raw: Uint8Array): Promise<Record<string, unknown>> {
  const { c } = call;
  const body = parseHookBody(raw, c.req.header("content-type"));
  const input = hook.inputExpression
    ? await evaluate(call.deps, "input", hook.inputExpression, {
        body,
        headers: listedHeaders(hook.headers, (name) => c.req.header(name)),
        query: c.req.query(),
      })
    : body;
  if (!isInputObject(input)) {
    const message = hook.inputExpression
      ? "the webhook's input expression must give a JSON object"
      : "the body must be a JSON object (or the webhook needs an input expression)";
    throw invalid(message, [{ path: hook.inputExpression ? "/input" : "", code: "not-an-object", message }]);
  }
  return input;
}

/** Authenticates, creates the instance and answers it; throws a Refusal or an AppError for a refused call. */
async function accept(call: RouteCall, hook: HookRow, sealedSecret: Record<string, unknown> | null): Promise<Response> {
  const { c, deps } = call;
  const raw = await rawBodyOf(c, hook.maxBodyBytes);
  const auth = hook.auth as unknown as HookAuth;
  if (sealedSecret === null) throw UNAUTHORIZED("secret-missing");
  const secret = deps.secrets.open(sealedSecret);
  const verdict = authenticate(auth.type, secret, raw, {
    header: c.req.header(authHeaderOf(auth)),
    pathToken: c.req.param("token"),
  });
  if (verdict !== "ok") throw UNAUTHORIZED(`auth-${verdict}`);
  const input = await inputOf(call, hook, raw);
  const replay = c.req.header(hook.idempotencyHeader);
  if (replay !== undefined && (replay === "" || replay.length > MAX_REPLAY_KEY))
    throw invalidQuery(hook.idempotencyHeader, `${hook.idempotencyHeader} must be 1 to ${MAX_REPLAY_KEY} characters`);
  const request: CreateInstanceRequest = {
    flowType: hook.flowTypeId,
    input,
    ...(replay ? { idempotencyKey: `hook:${hook.id}:${replay}` } : {}),
  };
  const actor = { tenantId: hook.tenantId, actorKeyId: null, requestId: (c.get("requestId") as string) ?? null };
  // Taken before the create, so an end committing before the wait subscribes is not missed (create-wait).
  const mark = hook.respond === "result" ? deps.endings?.mark() : undefined;
  let outcome: Awaited<ReturnType<AppDeps["engine"]["create"]>>;
  try {
    // The call's "ok" row goes in the create's own statement (no second commit, and no started instance without
    // its row); it replaces the flow.create row. How a result wait ended is the instance's own history.
    const detail = { respond: hook.respond, ...(hook.respond === "accepted" ? { status: 202 } : {}) };
    outcome = await deps.engine.create(hook.tenantId, request, actor, { action: "hook.call", target: hook.id, detail });
  } catch (error) {
    mark?.release();
    throw error;
  }
  const instanceId = outcome.record.id;
  if (!outcome.created) {
    mark?.release();
    const message = `this ${hook.idempotencyHeader} was used before: its call started instance ${instanceId}`;
    throw new Refusal(409, "replayed", message, { instanceId });
  }
  const record =
    mark && deps.endings
      ? await deps.endings.wait({ record: outcome.record, mark, ms: hook.timeoutMs, signal: c.req.raw.signal })
      : outcome.record;
  const statusUrl = `${API_PREFIX}/flows/${instanceId}/status`;
  if (hook.respond === "result" && isEnded(record.status)) c.header("mfo-instance-status", record.status);
  if (hook.respond === "result" && isEnded(record.status) && record.status !== "completed") {
    // Not a 2xx: a sender must not take a failed run for a delivered one (n8n answers 500 here). Only ids are
    // told: the error itself is for those with an API key, at the status URL.
    const message = `the instance ${instanceId} started by this call ended ${record.status}`;
    throw new Refusal(422, `instance-${record.status}`, message, { instanceId, statusUrl });
  }
  if (hook.respond === "result" && isEnded(record.status)) {
    const output = outputOf(record, await deps.engine.compiled(record));
    const answer = hook.responseExpression
      ? await evaluate(deps, "response", hook.responseExpression, { id: instanceId, status: record.status, output })
      : output;
    return c.json((answer ?? null) as object, 200);
  }
  c.header("location", `${API_PREFIX}/flows/${instanceId}`);
  return c.json({ instanceId, status: record.status, statusUrl }, 202);
}

async function callHook(call: RouteCall): Promise<Response> {
  const { c, deps } = call;
  const requestId = (c.get("requestId") as string | undefined) ?? null;
  const hookId = call.param("hookId");
  const instance = redactHookPath(c.req.path);
  const refuse = (r: Refusal, headers: Record<string, string> = {}) =>
    problemResponse(c, r.status, r.code, r.message, { instance, ...r.extra }, headers);
  const logFailure = (e: unknown) => deps.log.error({ requestId, err: String(e) }, "could not write an audit row");
  const minute = new Date().toISOString().slice(0, 16);

  const found = HOOK_ID.test(hookId) ? await findHookForCall(deps.db, hookId) : undefined;
  const hook = found?.hook;
  if (!found || !hook?.enabled) {
    // No tenant to file it under, and anyone can send these: counted, one row per address and minute.
    const address = clientAddress(c);
    await countAudit(
      deps.db,
      `hook.call 404 ${address} ${minute}`,
      { tenantId: null, actorKeyId: null, requestId },
      "hook.call",
      { address, status: 404, code: "not-found" },
      "failed",
    ).catch(logFailure);
    return refuse(new Refusal(404, "not-found", "no such webhook (or it is disabled)"));
  }
  const actor = { tenantId: hook.tenantId, actorKeyId: null, requestId };
  const audited = (status: number, outcome: AuditOutcome, extra: object = {}) =>
    insertAudit(deps.db, actor, "hook.call", hook.id, { status, ...extra }, outcome).catch(logFailure);

  const { limiter, refusalAudited } = limitsOf(deps);
  const wait = limiter.take(hook.id, hook.rateLimitPerMinute);
  if (wait > 0) {
    // A flood must not turn into as many writes: the first refusal of a hook in a minute is audited (per process).
    if (refusalAudited.get(hook.id) !== minute) {
      if (refusalAudited.size >= 10_000) refusalAudited.clear();
      refusalAudited.set(hook.id, minute);
      const detail = { status: 429, code: "rate-limited" };
      await countAudit(deps.db, `hook.call 429 ${hook.id} ${minute}`, actor, "hook.call", detail, "failed").catch(
        logFailure,
      );
    }
    const message = `this webhook takes ${hook.rateLimitPerMinute} calls a minute; retry in ${wait} s`;
    return refuse(new Refusal(429, "rate-limited", message), { "retry-after": String(wait) });
  }
  try {
    return await accept(call, hook, found.sealedSecret);
  } catch (error) {
    const refusal =
      error instanceof Refusal
        ? error
        : error instanceof AppError
          ? new Refusal(error.status, error.code, error.message, error.errors ? { errors: error.errors } : {})
          : undefined;
    if (!refusal) {
      await audited(500, "failed", { code: "internal" });
      throw error;
    }
    const extra = typeof refusal.extra.instanceId === "string" ? { instanceId: refusal.extra.instanceId } : {};
    await audited(refusal.status, refusal.status === 401 ? "denied" : "failed", { code: refusal.auditCode, ...extra });
    return refuse(refusal);
  }
}

export const hookCallRoutes = {
  "post /hooks/:hookId": callHook,
  "post /hooks/:hookId/:token": callHook,
} satisfies Record<string, RouteHandler>;
