/**
 * Serves the designer's build (designer/dist) at /: hashed assets with long caching, and index.html for every
 * other browser path so the designer's own routes work on reload. The runtime only reads these files; it never
 * imports the designer's code.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** The designer's build folder, when it has been built. */
export function findDesignerBuild(): string | undefined {
  const dir = fileURLToPath(new URL("../../../designer/dist", import.meta.url));
  return existsSync(join(dir, "index.html")) ? dir : undefined;
}

/** Paths that belong to the runtime, never to the designer's fallback. */
const RUNTIME_PATHS = /^\/(api\/|openapi\.json$|docs$|healthz$|readyz$|metrics$)/;

export function serveDesigner(app: Hono, dir: string): void {
  const index = join(dir, "index.html");
  app.get("/assets/*", async (c) => {
    const path = normalize(join(dir, decodeURIComponent(c.req.path)));
    if (!path.startsWith(`${dir}${sep}`)) return c.notFound();
    const body = await readFile(path).catch(() => undefined);
    if (!body) return c.notFound();
    return c.body(body, 200, {
      "content-type": TYPES[extname(path)] ?? "application/octet-stream",
      // File names carry a content hash, so a cached copy never goes stale.
      "cache-control": "public, max-age=31536000, immutable",
    });
  });
  app.get("*", async (c, next) => {
    if (RUNTIME_PATHS.test(c.req.path) || c.req.path.startsWith("/assets/")) return next();
    const html = await readFile(index, "utf8");
    return c.html(html, 200, { "cache-control": "no-cache" });
  });
}
