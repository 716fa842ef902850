/**
 * Serves the designer's build (designer/dist) at /: hashed assets with long caching, and index.html for every
 * other browser path so the designer's own routes work on reload; and the static Storybook
 * (stories/storybook-static) at /storybook/ for reviewers, looked up per request: one built while the runtime
 * runs is served at once, and while `npm start` builds it in the background a page says so and refreshes itself.
 * The runtime only reads these files; it never imports the designer's code. Where those builds are is
 * assets/runtime-assets.ts's answer.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context, Hono } from "hono";
import type { StorybookBuild } from "../assets/storybook-build.js";
import { escapeHtml } from "./escape-html.js";

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

/** Where the static Storybook is: its folder now (undefined: not built), and the background build, if any. */
export interface StorybookSource {
  dir(): string | undefined;
  build?: StorybookBuild;
}

/** How often the "being built" page reloads itself, in seconds. */
const REFRESH_S = 5;

/** A small page in the designer's look: what /storybook/ answers while there is no build to serve. */
function notice(title: string, body: string, refresh: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${
    refresh ? `<meta http-equiv="refresh" content="${REFRESH_S}">` : ""
  }</head><body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>${title}</h1>${body}</body></html>`;
}

/** What /storybook/ answers while there is nothing to serve: the build under way, failed, or never asked for. */
function withoutBuild(c: Context, build: StorybookBuild | undefined): Response {
  const status = build?.status() ?? { state: "idle" };
  if (status.state === "building") {
    const elapsed = Math.round((Date.now() - status.startedAt) / 1000);
    const page = notice(
      "Storybook is being built",
      `<p>This installation has no Storybook build yet, so <code>npm start</code> is building it in the background
(${elapsed} s so far; it takes a minute or so on a busy 2-core machine). This page refreshes
every ${REFRESH_S} s and shows Storybook once it is built; the designer and the API work meanwhile.</p>`,
      true,
    );
    return c.html(page, 503, { "retry-after": String(REFRESH_S), "cache-control": "no-store" });
  }
  const body =
    status.state === "failed"
      ? `<p>The background build failed; run <code>npm run build-storybook</code> to see why. Its output ended
with:</p><pre style="white-space:pre-wrap">${escapeHtml(status.output.slice(-1_500))}</pre>`
      : `<p>Storybook has not been built here. Run <code>npm run build-storybook</code> (or start with
<code>npm start</code>, which builds it in the background); this page then shows it, without a restart.</p>`;
  return c.html(notice("Storybook is not built", body, false), 404, { "cache-control": "no-store" });
}

/**
 * Serves the static Storybook at /storybook/ (its index for the folder itself), looking for the build on each
 * request; without one, a page that says why (and refreshes itself while a background build runs).
 */
export function serveStorybook(app: Hono, source: StorybookSource): void {
  app.get("/storybook", (c) => c.redirect("/storybook/", 301));
  app.get("/storybook/*", async (c: Context) => {
    const relative = decodeURIComponent(c.req.path.slice("/storybook/".length)) || "index.html";
    // A build under way may have written some files already: none is served until it is done.
    const dir = source.build?.status().state === "building" ? undefined : source.dir();
    if (!dir) return relative === "index.html" ? withoutBuild(c, source.build) : c.notFound();
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
