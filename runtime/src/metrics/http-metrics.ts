/**
 * HTTP request durations by method, route pattern and status. The route is the pattern the request matched
 * (/api/v1/flows/:id), never the raw path, so ids cannot blow up the number of series; a request no route
 * matched counts under "/*".
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Histogram, type Registry } from "prom-client";

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A middleware that times every request; register it first so that refusals (401, 413) are timed too. */
export function createHttpMetrics(registry: Registry): MiddlewareHandler {
  const duration = new Histogram({
    name: "mfo_http_request_duration_seconds",
    help: "HTTP request duration by method, matched route pattern and status.",
    labelNames: ["method", "route", "status"],
    buckets: BUCKETS,
    registers: [registry],
  });
  return async (c, next) => {
    const stop = duration.startTimer();
    await next();
    // After next(), the route index points at the handler that answered.
    const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
    stop({ method, route: routePath(c) || "/*", status: String(c.res.status) });
  };
}
