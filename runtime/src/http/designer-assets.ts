/**
 * Serves the designer's build (designer/dist) at /: hashed assets with long caching, and index.html for every
 * other browser path so the designer's own routes work on reload; and, when it has been built, the static
 * Storybook (stories/storybook-static) at /storybook/ for reviewers. The runtime only reads these files; it never
 * imports the designer's code. Where those builds are is assets/runtime-assets.ts's answer.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context, Hono } from "hono";

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
  ".mjs": "text/javascript; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** A file of `dir` at `relative` (never outside `dir`), or undefined. */
async function fileOf(dir: string, relative: string): Promise<{ body: Buffer; type: string } | undefined> {
  const path = normalize(join(dir, relative));
  if (!path.startsWith(`${dir}${sep}`)) return undefined;
  const body = await readFile(path).catch(() => undefined);
  return body ? { body, type: TYPES[extname(path)] ?? "application/octet-stream" } : undefined;
}

/** Paths that belong to the runtime, never to the designer's fallback. */
const RUNTIME_PATHS = /^\/(api\/|openapi\.json$|docs$|healthz$|readyz$|metrics$|storybook(\/|$))/;

/** Serves the static Storybook at /storybook/ (its index for the folder itself). */
export function serveStorybook(app: Hono, dir: string): void {
  app.get("/storybook", (c) => c.redirect("/storybook/", 301));
  app.get("/storybook/*", async (c: Context) => {
    const relative = decodeURIComponent(c.req.path.slice("/storybook/".length)) || "index.html";
    const file = await fileOf(dir, relative);
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, { "content-type": file.type, "cache-control": "no-cache" });
  });
}

export function serveDesigner(app: Hono, dir: string): void {
  const index = join(dir, "index.html");
  app.get("/assets/*", async (c) => {
    const file = await fileOf(dir, decodeURIComponent(c.req.path));
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, {
      "content-type": file.type,
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
