/**
 * Security headers on every answer (hono's secureHeaders): nosniff, no framing, no referrer, HSTS behind TLS, and a
 * Content-Security-Policy that lets pages load scripts, styles and data only from this origin. Inline scripts
 * need the per-request nonce (`cspNonce`). Inline styles are allowed: the docs and fallback pages carry them, a
 * nonce would turn 'unsafe-inline' off for the style attributes UI libraries write, and a style runs no code.
 */
import type { Context, MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";

/**
 * The designer validates flows in the browser with ajv, which compiles JSON Schemas into functions (`new
 * Function`): its pages need 'unsafe-eval'. The API and its reference page run no such code and do without.
 */
const withoutEval = /^\/(api\/|docs$)/;
const designerEval = (c: Context) => (withoutEval.test(c.req.path) ? "" : "'unsafe-eval'");

/**
 * The static Storybook at /storybook/ frames its stories (same origin) and its build has inline scripts: its pages
 * may be framed by this origin and run inline scripts. It is a review tool that holds no keys.
 */
const storybookHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'self'"],
  },
  xFrameOptions: "SAMEORIGIN",
});

export function securityHeaders(): MiddlewareHandler {
  const pages = appHeaders([NONCE, designerEval]);
  // API answers are JSON: no inline script to allow, so no per-request nonce (the policy is computed once, where
  // the nonce cost a random draw on every call of the hottest routes).
  const api = appHeaders([]);
  return (c, next) => {
    const path = c.req.path;
    if (path.startsWith("/api/")) return api(c, next);
    return path.startsWith("/storybook/") ? storybookHeaders(c, next) : pages(c, next);
  };
}

function appHeaders(scripts: Array<typeof NONCE | typeof designerEval>): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...scripts],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
  });
}

/** The nonce an inline `<script nonce="…">` of this answer needs (set by securityHeaders before the handler). */
export function cspNonce(c: Context): string {
  return (c.get("secureHeadersNonce") as string | undefined) ?? "";
}
