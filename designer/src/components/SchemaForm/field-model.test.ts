import { builtinCatalogue, type CatalogueEntry } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import {
  buildFieldModel,
  entryFieldModel,
  fieldKind,
  humanise,
  itemFieldModel,
  type JsonSchema,
} from "./field-model.js";

const entries: Array<[string, CatalogueEntry]> = [
  ...builtinCatalogue.handlers.map((e): [string, CatalogueEntry] => [`handler ${e.name}`, e]),
  ...builtinCatalogue.validators.map((e): [string, CatalogueEntry] => [`validator ${e.name}`, e]),
];

/** The kind each built-in param is expected to get: a new param must be added here on purpose. */
const expectedKinds: Record<string, Record<string, string>> = {
  "handler noop": { output: "map" },
  "handler transform": { expression: "expression" },
  "handler http": {
    url: "url",
    method: "select",
    headers: "map",
    query: "map",
    body: "json",
    responseType: "select",
    successStatus: "list",
  },
  "handler log": { message: "textarea", level: "select", fields: "map" },
  "validator required": { fields: "list" },
  "validator schema": { schema: "json-schema" },
  "validator expression": { expression: "expression" },
};

describe("field model of the built-in catalogue", () => {
  it("covers all seven built-ins", () => {
    expect(entries.map(([name]) => name).sort()).toEqual(Object.keys(expectedKinds).sort());
  });

  it.each(entries)("%s: one field per property, with pointer, label, required flag and description", (name, entry) => {
    const schema = entry.paramsSchema as { properties: Record<string, { description?: string }>; required?: string[] };
    const model = buildFieldModel(entry.paramsSchema as JsonSchema, { required: true, toggle: false });
    expect(model.kind).toBe("object");
    expect(model.dynamicAllowed).toBe(false);
    const fields = model.properties ?? [];
    expect(fields.map((f) => f.name)).toEqual(Object.keys(schema.properties));
    for (const field of fields) {
      expect(field.pointer).toBe(`/${field.name}`);
      expect(field.label).not.toBe("");
      expect(field.required).toBe((schema.required ?? []).includes(field.name));
      expect(field.description).toBe(schema.properties[field.name]?.description);
      expect(field.kind).toBe(expectedKinds[name]?.[field.name]);
    }
  });

  it("labels with the title, else the humanised name", () => {
    expect(humanise("successStatus")).toBe("Success status");
    expect(humanise("responseType")).toBe("Response type");
    expect(humanise("url")).toBe("URL");
    expect(humanise("baseURL")).toBe("Base URL");
    expect(humanise("max_delay_ms")).toBe("Max delay ms");
    const model = buildFieldModel({ type: "object", properties: { a: { type: "string", title: "Alpha" } } });
    expect(model.properties?.[0]?.label).toBe("Alpha");
  });

  it("carries enum options, defaults and bounds", () => {
    const http = builtinCatalogue.handlers.find((h) => h.name === "http");
    const model = buildFieldModel(http?.paramsSchema as JsonSchema);
    const method = model.properties?.find((p) => p.name === "method");
    expect(method?.options?.map((o) => o.value)).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);
    expect(method?.placeholder).toBe("GET");
    const status = model.properties?.find((p) => p.name === "successStatus");
    const item = status && itemFieldModel(status, 1);
    expect(item).toMatchObject({ kind: "integer", pointer: "/successStatus/1", minimum: 100, maximum: 599 });
    expect(item?.label).toBe("Success status 2");
    const query = model.properties?.find((p) => p.name === "query");
    expect(query && entryFieldModel(query, "a/b")).toMatchObject({
      kind: "json",
      pointer: "/query/a~1b",
      label: "a/b",
    });
    const headers = model.properties?.find((p) => p.name === "headers");
    expect(headers && entryFieldModel(headers, "Accept").kind).toBe("text");
  });

  it("maps common JSON Schema shapes to kinds", () => {
    const kinds: Array<[JsonSchema, string]> = [
      [{ type: "string" }, "text"],
      [{ type: "string", maxLength: 5000 }, "textarea"],
      [{ type: "string", description: "a multi-line template" }, "textarea"],
      [{ type: "string", format: "uri" }, "url"],
      [{ type: "string", format: "jsonata" }, "expression"],
      [{ enum: [1, 2] }, "select"],
      [{ const: "x" }, "select"],
      [{ type: "number" }, "number"],
      [{ type: "integer" }, "integer"],
      [{ type: "boolean" }, "boolean"],
      [{ type: "array", items: { type: "string" } }, "list"],
      [{ type: "array", items: { type: "object", properties: {} } }, "list"],
      [{ type: "array", prefixItems: [] }, "json"],
      [{ type: "object", additionalProperties: { type: "string" } }, "map"],
      [{ type: "object", additionalProperties: true }, "map"],
      [{ type: "object", additionalProperties: false }, "json"],
      [{ properties: { a: {} } }, "object"],
      [{ type: ["string", "null"] }, "json"],
      [{}, "json"],
      [true, "json"],
      [{ type: ["object", "boolean"], "x-json-schema": true }, "json-schema"],
    ];
    for (const [schema, kind] of kinds) expect([schema, fieldKind(schema)]).toEqual([schema, kind]);
  });
});
