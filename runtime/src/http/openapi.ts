/**
 * The OpenAPI 3.1 document, built from the route table and the same JSON Schemas that validate the bodies
 * (api.schema.json, flow.schema.json, catalogue.schema.json: their $defs become components, refs rewritten),
 * and /docs: a self-contained reference page with a try-it form per route (no CDN, works offline).
 */
import { apiSchema, catalogueSchema, flowSchema, pathParamsOf, type RouteSpec, routes, urlPathOf } from "@mfo/schemas";
import { escapeHtml } from "./escape-html.js";

const COMPONENT = "#/components/schemas/";
const ROOTS: Record<string, string> = {
  "flow.schema.json": "flowDefinition",
  "catalogue.schema.json": "catalogue",
};

/** Rewrites $refs between the schema documents to component refs. */
function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string") {
      const [file, pointer] = v.split("#");
      out[key] = pointer ? `${COMPONENT}${pointer.replace("/$defs/", "")}` : `${COMPONENT}${ROOTS[file as string]}`;
    } else if (key !== "$schema" && key !== "$id") out[key] = rewrite(v);
  }
  return out;
}

function components(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const doc of [flowSchema, catalogueSchema, apiSchema] as Array<Record<string, unknown>>) {
    const { $defs, ...root } = doc as { $defs?: Record<string, unknown> };
    for (const [name, def] of Object.entries($defs ?? {})) schemas[name] = rewrite(def);
    const rootName = ROOTS[String(doc.$id).split("/").pop() as string];
    if (rootName) schemas[rootName] = rewrite(root);
  }
  return schemas;
}

const ref = (body: string) => (body === "json" ? {} : { $ref: `${COMPONENT}${body}` });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: `${COMPONENT}problem` } } },
});
const ERROR_TEXT: Record<number, string> = {
  401: "no or bad API key",
  403: "the key's role is too low",
  404: "not found, or another tenant's",
  409: "a state conflict: wrong status, or a concurrent change won",
  413: "body over 1 MiB",
  422: "invalid body, query or definition; errors point at the fields",
};

/** OpenAPI 3.1 cannot type the messages of a stream; the description names them. */
const EVENT_STREAM = {
  description:
    "Server-Sent Events: `flow-event` messages (id: the event's seq; data: a flowEvent as JSON), then `end` (data: {status}) once the instance has ended",
  content: { "text/event-stream": { schema: { type: "string" } } },
};

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes as readonly RouteSpec[]) {
    const path = urlPathOf(spec).replace(/:(\w+)/g, "{$1}");
    const parameters = [
      ...pathParamsOf(spec).map((name) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...Object.entries(spec.query ?? {}).map(([name, q]) => ({
        name,
        in: "query",
        schema: { type: q.type },
        description: q.description,
      })),
      ...Object.entries(spec.headers ?? {}).map(([name, h]) => ({
        name,
        in: "header",
        schema: { type: "string" },
        description: h.description,
      })),
    ];
    const responses: Record<string, unknown> = {
      [spec.ok.status]: spec.ok.body
        ? { description: "OK", content: { "application/json": { schema: ref(spec.ok.body) } } }
        : { description: "done, no content" },
    };
    if (spec.eventStream) responses[spec.ok.status] = EVENT_STREAM;
    for (const also of spec.alsoOk ?? []) {
      responses[also.status] = also.body
        ? { description: also.description, content: { "application/json": { schema: ref(also.body) } } }
        : { description: also.description };
    }
    // A public route has no key to refuse (403): it authenticates the caller itself (401 is among its errors).
    for (const status of [...(spec.public ? [] : [401, 403]), 413, ...spec.errors])
      responses[status] = problem(ERROR_TEXT[status] ?? "error");
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[spec.method] = {
      summary: spec.summary,
      description: spec.public
        ? "Public: no API key; the route authenticates its caller itself (a webhook's token or HMAC signature)."
        : `Needs the ${spec.role} role or higher (viewer < operator < architect < admin).`,
      tags: [spec.tag],
      ...(spec.public ? { security: [] } : {}),
      parameters,
      ...(spec.body
        ? {
            requestBody: {
              required: spec.bodyOptional !== true && spec.rawBody !== true,
              content: { "application/json": { schema: ref(spec.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "MFO API",
      version: "1",
      description: "Master Flow Orchestrator: publish flow types, run and operate flow instances.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    paths,
    components: { schemas: components(), securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
  };
  return cached;
}

/**
 * The reference page: every route with its role and summary, and a form that sends it with your key. Its one
 * inline script carries `nonce`, the Content-Security-Policy nonce of the answer.
 */
export function docsPage(nonce: string): string {
  const rows = (routes as readonly RouteSpec[])
    .map((spec, i) => {
      const params = pathParamsOf(spec);
      return `<section class="route" data-i="${i}">
  <h3><span class="m ${spec.method}">${spec.method.toUpperCase()}</span> <code>${escapeHtml(urlPathOf(spec))}</code> <small>${spec.role}</small></h3>
  <p>${escapeHtml(spec.summary)}</p>
  <form>${params.map((p) => `<label>${p} <input name="${p}" required></label>`).join(" ")}
  ${spec.query ? `<label>query <input name="?" placeholder="status=running&amp;limit=10"></label>` : ""}
  ${spec.body ? `<textarea name="body" rows="4" placeholder="JSON body (${spec.body})"></textarea>` : ""}
  <button>Send</button></form><pre class="out" hidden></pre>
</section>`;
    })
    .join("\n");
  const table = JSON.stringify((routes as readonly RouteSpec[]).map((r) => ({ method: r.method, url: urlPathOf(r) })));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MFO API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{margin-bottom:.2rem} .route{border:1px solid #d8dde6;border-radius:8px;padding:.4rem 1rem;margin:.8rem 0}
h3{font-size:1rem;margin:.4rem 0} small{color:#5b6474;font-weight:normal} .m{font-family:monospace;padding:1px 6px;border-radius:4px;color:#fff}
.get{background:#2f6fdf}.post{background:#1e8a4c}.put{background:#b8750b}.delete{background:#c23b3b}
input,textarea{font:13px monospace;border:1px solid #b9c0cc;border-radius:4px;padding:3px 5px} textarea{width:100%;display:block;margin:.4rem 0}
pre{background:#f3f5f8;padding:.6rem;overflow:auto;max-height:20rem} button{margin:.3rem 0}
</style></head><body>
<h1>MFO API reference</h1>
<p>Every route needs <code>Authorization: Bearer &lt;key&gt;</code>. Errors are RFC 9457 problem documents.
The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<label>API key <input id="key" size="60" placeholder="mfo_..."></label>
${rows}
<script nonce="${nonce}">
const table = ${table};
const key = document.getElementById("key");
key.value = new URLSearchParams(location.search).get("key") || localStorage.getItem("mfo-key") || "";
key.addEventListener("change", () => localStorage.setItem("mfo-key", key.value));
for (const section of document.querySelectorAll(".route")) {
  const route = table[Number(section.dataset.i)];
  section.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    let path = route.url.replace(/:(\\w+)/g, (_, name) => encodeURIComponent(form.get(name) || ""));
    if (form.get("?")) path += "?" + form.get("?");
    const init = { method: route.method.toUpperCase(), headers: { authorization: "Bearer " + key.value } };
    if (form.get("body")) { init.body = form.get("body"); init.headers["content-type"] = "application/json"; }
    const out = section.querySelector(".out");
    out.hidden = false;
    try {
      const response = await fetch(path, init);
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      out.textContent = response.status + " " + response.statusText + "\\n" + shown;
    } catch (error) { out.textContent = String(error); }
  });
}
</script></body></html>`;
}
