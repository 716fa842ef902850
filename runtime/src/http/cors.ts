/**
 * CORS for the API, off unless MFO_CORS_ORIGINS lists origins: then a request (or preflight) from one of those
 * origins gets hono's CORS headers, and any other origin gets none at all, so a browser on another site can
 * neither read answers nor send anything but the simple requests it could send without CORS.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

export function corsFor(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  const listed = cors({
    origin: (origin) => origin,
    allowMethods: ["GET", "POST", "PUT", "DELETE"],
    allowHeaders: ["authorization", "content-type", "last-event-id"],
    exposeHeaders: ["retry-after", "x-request-id"],
    maxAge: 600,
  });
  return async (c, next) => {
    if (allowed.has(c.req.header("origin") ?? "")) return listed(c, next);
    await next();
    c.header("vary", "Origin", { append: true }); // the answer depends on the Origin: caches must not share it
  };
}
