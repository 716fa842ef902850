import { builtinCatalogue } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import {
  dynamicFromText,
  expressionText,
  fromDynamic,
  isExpressionMode,
  toDynamic,
  toggleExpression,
} from "./dynamic-value.js";
import { buildFieldModel, type FieldModel, type JsonSchema } from "./field-model.js";

function property(handler: string, name: string): FieldModel {
  const entry = builtinCatalogue.handlers.find((h) => h.name === handler);
  const model = buildFieldModel(entry?.paramsSchema as JsonSchema, { required: true, toggle: false });
  const field = model.properties?.find((p) => p.name === name);
  if (field === undefined) throw new Error(`no ${handler}.${name}`);
  return field;
}

describe("the = expression toggle", () => {
  const url = property("http", "url");
  const method = property("http", "method");
  const headers = property("http", "headers");
  const status = property("http", "successStatus");
  const body = property("http", "body");

  it("round-trips literals of every kind through an expression", () => {
    const cases: Array<[FieldModel, unknown]> = [
      [url, "https://example.com/a?b=1"],
      [method, "POST"],
      [headers, { Accept: "application/json" }],
      [status, [200, 201]],
      [body, { nested: [1, "two", null, true] }],
      [body, 3.5],
    ];
    for (const [model, literal] of cases) {
      const dynamic = toggleExpression(model, literal);
      expect(typeof dynamic === "string" && dynamic.startsWith("=")).toBe(true);
      expect(isExpressionMode(model, dynamic)).toBe(true);
      expect(toggleExpression(model, dynamic)).toEqual(literal);
    }
  });

  it("writes literals as JSONata with the same meaning", () => {
    expect(toDynamic("https://a")).toBe('="https://a"');
    expect(toDynamic(3)).toBe("=3");
    expect(toDynamic(undefined)).toBe("=");
  });

  it("edits the text after = and stores = + text", () => {
    expect(expressionText("=input.url")).toBe("input.url");
    expect(dynamicFromText("input.url")).toBe("=input.url");
  });

  it("switches back from a real expression: text fields keep the text, others lose the value", () => {
    expect(fromDynamic(url, "=input.url")).toBe("input.url");
    expect(fromDynamic(headers, "=input.headers")).toBeUndefined();
    expect(fromDynamic(method, '="TRACE"')).toBeUndefined();
    expect(fromDynamic(url, "=")).toBe("");
    expect(fromDynamic({ ...url, required: false }, "=")).toBeUndefined();
  });

  it("offers no toggle on fields that are expressions or JSON Schemas already", () => {
    expect(property("transform", "expression").dynamicAllowed).toBe(false);
    const schemaEntry = builtinCatalogue.validators.find((v) => v.name === "schema");
    const schemaModel = buildFieldModel(schemaEntry?.paramsSchema as JsonSchema, { toggle: false });
    expect(schemaModel.properties?.[0]?.dynamicAllowed).toBe(false);
    expect(isExpressionMode(property("transform", "expression"), "=x")).toBe(false);
    expect(url.dynamicAllowed).toBe(true);
  });
});
