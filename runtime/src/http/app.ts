/**
 * The HTTP API (Hono): /api/v1 routes from the route table, each authenticated, role-checked and with its body
 * parsed and validated before its handler runs; /healthz, /readyz, /openapi.json, /docs. One onError turns
 * every error into problem+json; bad input never reaches a 500.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  API_PREFIX,
  type ApiBodyName,
  type RouteKey,
  type RouteSpec,
  routeKeyOf,
  routes,
  urlPathOf,
  validateBody,
} from "@mfo/schemas";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { findDesignerBuild, findStorybookBuild } from "../assets/runtime-assets.js";
import { AppError, invalid } from "../errors.js";
import { countAudit, insertAudit } from "../store/audit-repository.js";
import { KeyVerifier, type Principal, requireRole } from "./auth.js";
import { clientAddress, createAuthFailureLimiter } from "./auth-failures.js";
import { checkJsonBody } from "./body-checks.js";
import type { AppDeps, RouteHandler } from "./context.js";
import { corsFor } from "./cors.js";
import { serveDesigner, serveStorybook } from "./designer-assets.js";
import { docsPage, openApiDocument } from "./openapi.js";
import { problemResponse, toProblem } from "./problem.js";
import { createWriteLimiter } from "./rate-limit.js";
import { checkRequestUrl } from "./request-checks.js";
import { adminRoutes } from "./routes/admin.js";
import { eventRoutes } from "./routes/events.js";
import { flowTypeLifecycleRoutes } from "./routes/flow-type-lifecycle.js";
import { flowTypeRoutes } from "./routes/flow-types.js";
import { flowRoutes } from "./routes/flows.js";
import { hookCallRoutes, redactHookPath } from "./routes/hook-calls.js";
import { hookRoutes } from "./routes/hooks.js";
import { nodeDataRoutes } from "./routes/node-data.js";
import { operationsRoutes } from "./routes/operations.js";
import { scheduleRoutes } from "./routes/schedules.js";
import { secretRoutes } from "./routes/secrets.js";
import { streamRoutes } from "./routes/stream.js";
import { testRunRoutes } from "./routes/test-runs.js";
import { cspNonce, securityHeaders } from "./security-headers.js";

export const MAX_BODY_BYTES = 1024 * 1024;

const handlers: Record<RouteKey, RouteHandler> = {
  ...flowTypeRoutes,
  ...flowTypeLifecycleRoutes,
  ...flowRoutes,
  ...streamRoutes,
  ...adminRoutes,
  ...operationsRoutes,
  ...nodeDataRoutes,
  ...testRunRoutes,
  ...scheduleRoutes,
  ...hookRoutes,
  ...hookCallRoutes,
  ...eventRoutes,
  ...secretRoutes,
};

async function readBody(text: string, spec: RouteSpec): Promise<unknown> {
  if (spec.body === undefined) return undefined;
  if (text.trim() === "") {
    if (spec.bodyOptional) return {};
    throw invalid(
      "the request needs a JSON body",
      [{ path: "", code: "missing-body", message: "send a JSON body" }],
      "invalid-body",
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const message = `the body is not valid JSON: ${(error as Error).message}`;
    throw invalid(message, [{ path: "", code: "invalid-json", message }], "invalid-json");
  }
  checkJsonBody(text, body);
  if (spec.body === "flowDefinition" && (body === null || typeof body !== "object" || Array.isArray(body))) {
    throw invalid(
      "a flow definition must be a JSON object",
      [{ path: "", code: "not-an-object", message: "must be an object" }],
      "invalid-definition",
    );
  }
  if (spec.body !== "flowDefinition" && spec.body !== "json") {
    const result = validateBody(spec.body as ApiBodyName, body);
    if (!result.valid) throw invalid("the request body is invalid", result.errors, "invalid-body");
  }
  return body;
}

/**
 * Audits what did not happen: a request with a missing or unknown key (auth.failed), a role too low (denied), or
 * a state-changing request that failed (failed). Writing the row never hides the original error. Failed
 * authentications are counted, one row per client address and minute (its detail tells the first request and
 * the count), so a flood of bad keys cannot grow the log faster than that.
 */
async function auditRefusal(
  deps: AppDeps,
  c: Context,
  spec: RouteSpec,
  principal: Principal | undefined,
  body: unknown,
  error: unknown,
  address: string,
): Promise<void> {
  const status = error instanceof AppError ? error.status : 500;
  if (principal === undefined && status !== 401) return;
  if (principal !== undefined && spec.audit === undefined) return;
  const fields = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const named = [c.req.param("id"), fields.id, fields.flowType, fields.tenant].find((v) => typeof v === "string");
  // What the caller sent is stored as text: without NULs (PostgreSQL refuses them) and at a bounded length.
  const clean = (text: string) => text.replaceAll("\u0000", "\uFFFD").slice(0, 300);
  const actor = {
    tenantId: principal?.tenantId || null,
    actorKeyId: principal?.keyId || null,
    requestId: (c.get("requestId") as string | undefined) ?? null,
  };
  const action = principal === undefined ? "auth.failed" : (spec.audit as string);
  const outcome = status === 401 || status === 403 ? "denied" : "failed";
  const detail = {
    method: c.req.method,
    path: clean(redactHookPath(c.req.path)),
    status,
    ...(error instanceof AppError ? { code: error.code } : {}),
  };
  const written =
    principal === undefined
      ? countAudit(
          deps.db,
          `auth.failed ${address} ${new Date().toISOString().slice(0, 16)}`,
          actor,
          action,
          { address, ...detail },
          outcome,
        )
      : insertAudit(deps.db, actor, action, named === undefined ? null : clean(named as string), detail, outcome);
  await written.catch((e) =>
    deps.log.error({ requestId: actor.requestId, err: String(e) }, "could not write an audit row"),
  );
}

/** The caller of a route that answers without a key (publicWhen). */
const ANONYMOUS = { keyId: "", name: "", tenantId: "", role: "viewer" } as const;

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const keys = new KeyVerifier(deps.db);
  const limitWrites = createWriteLimiter(deps.rateLimit ?? 0);
  const authFailures = createAuthFailureLimiter(deps.authFailureLimit ?? 0);
  if (deps.metrics) app.use(deps.metrics.http);
  app.use(requestId());
  // While the runtime stops (its event bus closed), every answer closes its connection: a browser's keep-alive
  // connection would otherwise carry request after request and keep the server open (server/shutdown.ts).
  app.use(async (c, next) => {
    await next();
    if (deps.events.signal.aborted) c.header("connection", "close");
  });
  app.use(securityHeaders());
  if (deps.corsOrigins?.length) app.use(`${API_PREFIX}/*`, corsFor(deps.corsOrigins));
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problemResponse(c, 413, "body-too-large", `the body is over the limit of ${MAX_BODY_BYTES} bytes`),
    }),
  );
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.log.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        // A webhook's token may be the last segment of its path: never logged.
        path: redactHookPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.onError((error, c) =>
    toProblem(error, c, (e) =>
      deps.log.error({ requestId: c.get("requestId"), err: e.stack ?? String(e) }, "unhandled error"),
    ),
  );
  app.notFound((c) => problemResponse(c, 404, "not-found", `no route ${c.req.method} ${c.req.path}`));

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const ready = await deps.ready().catch((error: Error) => ({ ok: false, detail: error.message }));
    return ready.ok ? c.json({ status: "ready" }) : problemResponse(c, 503, "not-ready", ready.detail);
  });
  app.get("/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/docs", (c) => c.html(docsPage(cspNonce(c))));

  for (const spec of routes as readonly RouteSpec[]) {
    const handler = handlers[routeKeyOf(spec)];
    const open = spec.public === true || (spec.publicWhen !== undefined && deps[spec.publicWhen] === true);
    app.on(spec.method.toUpperCase(), urlPathOf(spec), async (c) => {
      let principal: Principal | undefined;
      let body: unknown;
      // A public route's handler audits its own calls: the app audits only what fails before it runs.
      let handled = false;
      const address = clientAddress(c);
      const authorization = c.req.header("authorization");
      // An address over its failure limit is answered before its key is looked up, unless this process verified
      // that key lately: a flood of random keys then costs no database read and no audit row, while a valid key
      // from the same address (a NAT, a retrying script) still works.
      const blocked = open ? 0 : authFailures.blockedFor(address);
      if (blocked > 0 && !keys.knows(authorization)) {
        return problemResponse(
          c,
          429,
          "auth-rate-limited",
          `too many failed authentications from this address; retry in ${blocked} s`,
          {},
          { "retry-after": String(blocked) },
        );
      }
      try {
        principal = open ? ANONYMOUS : await keys.verify(authorization);
        // A public route has no key to limit by (every caller is ANONYMOUS); a webhook limits its own calls.
        const limited = spec.public ? undefined : limitWrites(c, principal.keyId);
        if (limited) return limited;
        requireRole(principal, spec.role);
        checkRequestUrl(c, spec);
        body = spec.rawBody ? undefined : await readBody(spec.body ? await c.req.text() : "", spec);
        handled = spec.public === true;
        return await handler({ c, deps, principal, keys, body, param: (name) => c.req.param(name) ?? "" });
      } catch (error) {
        if (principal === undefined && error instanceof AppError && error.status === 401) authFailures.record(address);
        if (!handled) await auditRefusal(deps, c, spec, principal, body, error, address);
        throw error;
      }
    });
  }
  if (deps.storybookDir !== "") {
    const dir = deps.storybookDir;
    serveStorybook(app, {
      dir: dir === undefined ? findStorybookBuild : () => (existsSync(join(dir, "index.html")) ? dir : undefined),
      ...(deps.storybookBuild ? { build: deps.storybookBuild } : {}),
    });
  }
  const designer = deps.designerDir === undefined ? findDesignerBuild() : deps.designerDir || undefined;
  if (designer) serveDesigner(app, designer);
  else
    app.get("/", (c) =>
      c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MFO</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>MFO is running</h1><p>The designer has not been built (run <code>npm run build</code>). Meanwhile, use the
<a href="/docs" id="docs">API reference</a> (it sends requests with your key) or <code>npx mfo</code>.</p>
<script nonce="${cspNonce(c)}">const k=new URLSearchParams(location.search).get("key");if(k)document.getElementById("docs").href="/docs?key="+encodeURIComponent(k);</script>
</body></html>`),
    );
  return app;
}
