import { builtinCatalogue, type CatalogueEntry } from "@mfo/schemas";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildFieldModel, type JsonSchema } from "./field-model.js";
import { SchemaForm, type SchemaFormProps } from "./index.js";

/** A value for every param of every built-in, so that every field (and its inputs) renders. */
const samples: Record<string, Record<string, unknown>> = {
  noop: { output: { assets: 3, tags: ["a"] } },
  transform: { expression: "{ 'assets': input.count }" },
  http: {
    url: "https://example.com/api",
    method: "POST",
    headers: { Accept: "application/json", "X-Trace": "=input.trace" },
    query: { page: 2, q: "x y" },
    body: { name: "=input.name" },
    responseType: "text",
    successStatus: [200, 201],
  },
  log: { message: "hello", level: "warn", fields: { user: "ann" } },
  required: { fields: ["assets", "owner.name"] },
  schema: { schema: { type: "object", required: ["assets"] } },
  expression: { expression: "assets >= 0" },
};

const entries: CatalogueEntry[] = [...builtinCatalogue.handlers, ...builtinCatalogue.validators];

function render(props: Partial<SchemaFormProps> & Pick<SchemaFormProps, "schema" | "value">): string {
  return renderToStaticMarkup(createElement(SchemaForm, { idPrefix: "p", onChange: () => {}, ...props }));
}

const attr = (html: string, pattern: RegExp): string[] => [...html.matchAll(pattern)].map((m) => m[1] ?? "");
const inputIds = (html: string) => attr(html, /<(?:input|select|textarea)\b[^>]*?\sid="([^"]*)"/g);
const labelFors = (html: string) => attr(html, /<label\b[^>]*?\sfor="([^"]*)"/g);
const allIds = (html: string) => attr(html, /\sid="([^"]*)"/g);

describe("SchemaForm renders every built-in's params", () => {
  it.each(entries.map((e) => [e.name, e] as const))("%s: every input has its label, ids are unique", (name, entry) => {
    const sample = samples[name];
    expect(sample, `a sample for ${name}`).toBeDefined();
    const properties = Object.keys((entry.paramsSchema as { properties: object }).properties);
    expect(Object.keys(sample ?? {}).sort()).toEqual([...properties].sort());
    for (const value of [sample, {}]) {
      const html = render({ schema: entry.paramsSchema as JsonSchema, value });
      const ids = inputIds(html);
      if (value === sample) expect(ids.length).toBeGreaterThan(0);
      const fors = new Set(labelFors(html));
      for (const id of ids) expect(fors.has(id), `label for ${id}`).toBe(true);
      const every = allIds(html);
      expect(new Set(every).size).toBe(every.length);
      // Every param is on the form: an input (or the fieldset of a list or map) at its pointer.
      const model = buildFieldModel(entry.paramsSchema as JsonSchema, { required: true, toggle: false });
      for (const field of model.properties ?? []) {
        expect(every).toContain(`p/${field.name}`);
        expect(html).toContain(field.label);
      }
    }
  });

  it("marks required fields, shows descriptions as help and defaults as placeholders", () => {
    const http = entries.find((e) => e.name === "http")?.paramsSchema as JsonSchema;
    const html = render({ schema: http, value: {} });
    expect(html).toMatch(/<label for="p\/url">URL<span[^>]*aria-hidden="true"> \*<\/span><\/label>/);
    expect(html).toContain('<p id="p/url:help" class="mfo-field__help">http(s) URL');
    expect(html).toMatch(/<input id="p\/url"[^>]*aria-describedby="p\/url:help"[^>]*type="url"/);
    expect(html).toMatch(/<option value=""[^>]*>default \(GET\)<\/option>/);
    expect(html).toMatch(/<label for="p\/method">Method<\/label>/);
  });

  it("puts errors on the field at their pointer, with aria-invalid and role=alert", () => {
    const http = entries.find((e) => e.name === "http")?.paramsSchema as JsonSchema;
    const html = render({
      schema: http,
      value: { url: "ftp://x", successStatus: [99] },
      errors: [
        { path: "/url", message: "must be http(s)" },
        { path: "/successStatus/0", message: "must be >= 100" },
        { path: "", message: 'missing required property "method"' },
        { path: "/extra", message: 'unknown property "extra"' },
      ],
    });
    expect(html).toMatch(/<input id="p\/url"[^>]*aria-invalid="true"[^>]*aria-describedby="p\/url:help p\/url:error"/);
    expect(html).toMatch(/<div id="p\/url:error"[^>]*><p[^>]*role="alert">must be http\(s\)<\/p><\/div>/);
    expect(html).toMatch(/<input id="p\/successStatus\/0"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/<div id="p\/successStatus\/0:error"[^>]*><p[^>]*role="alert">must be &gt;= 100/);
    expect(html).toMatch(/<select id="p\/method"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/<div id="p:error"[^>]*><p[^>]*role="alert">unknown property &quot;extra&quot;/);
    expect(html).toMatch(/<input id="p\/successStatus\/0"[^>]*min="100"[^>]*max="599"/);
  });

  it("shows = values as expressions with the ƒx toggle pressed, and parse errors as typed", () => {
    const http = entries.find((e) => e.name === "http")?.paramsSchema as JsonSchema;
    const html = render({ schema: http, value: { url: "=input.(url", method: "GET" } });
    expect(html).toMatch(/<textarea id="p\/url"[^>]*>input\.\(url<\/textarea>/);
    expect(html).toMatch(/<button id="p\/url:fx"[^>]*aria-pressed="true"[^>]*aria-label="ƒx expression for URL"/);
    expect(html).toMatch(/<button id="p\/method:fx"[^>]*aria-pressed="false"/);
    expect(html).toMatch(/<p id="p\/url:parse-error"[^>]*role="alert">[^<]*\(at character \d+\)/);
  });

  it("edits JSON Schemas as checked JSON text, without a ƒx toggle", () => {
    const schema = entries.find((e) => e.name === "schema")?.paramsSchema as JsonSchema;
    const html = render({ schema, value: { schema: { type: "nonsense" } } });
    expect(html).toMatch(/<textarea id="p\/schema"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/role="alert">not a usable JSON Schema/);
    expect(html).not.toContain("p/schema:fx");
  });

  it("shows a value its input cannot hold as JSON text instead of dropping it, and disables everything", () => {
    const log = entries.find((e) => e.name === "log")?.paramsSchema as JsonSchema;
    const html = render({ schema: log, value: { message: "m", level: "verbose" }, disabled: true });
    expect(html).toMatch(/<textarea id="p\/level"[^>]*>&quot;verbose&quot;<\/textarea>/);
    expect(html).not.toMatch(/<(input|select|textarea|button)(?![^>]*disabled)[^>]*>/);
  });

  it("gives ids that stay unique for awkward keys", () => {
    const schema: JsonSchema = { type: "object", additionalProperties: { type: "string" } };
    const html = render({ schema, value: { "a b": "1", "a:b": "2", "a/b": "3", "a~b": "4" } });
    const every = allIds(html);
    expect(new Set(every).size).toBe(every.length);
    for (const id of inputIds(html)) expect(labelFors(html)).toContain(id);
  });
});
