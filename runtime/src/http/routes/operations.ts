/** Operations routes: analytics over instances and phase runs, and Prometheus metrics. */

import { parseAnalyticsRange } from "../../analytics/analytics-range.js";
import { notFound } from "../../errors.js";
import { queryAnalytics } from "../../store/instances/index.js";
import { isInstallationAdmin } from "../auth.js";
import type { RouteHandler } from "../context.js";

export const operationsRoutes = {
  "get /flows/analytics": async (call) => {
    const range = parseAnalyticsRange(call.c.req.query(), call.deps.engine.now());
    return call.c.json(await queryAnalytics(call.deps.db, call.principal.tenantId, range));
  },

  "get /metrics": async (call) => {
    const metrics = call.deps.metrics;
    if (!metrics) throw notFound("metrics collection (this app was built without it)");
    // The installation admin (and anyone, when the operator made /metrics public) sees every tenant's series;
    // any other key sees its own tenant's and the installation's (process, HTTP, queue lag).
    const everything = call.deps.metricsPublic === true || isInstallationAdmin(call.principal);
    const text = await metrics.scrape(everything ? undefined : call.principal.tenantId);
    return call.c.body(text, 200, { "content-type": metrics.contentType });
  },
} satisfies Record<string, RouteHandler>;
