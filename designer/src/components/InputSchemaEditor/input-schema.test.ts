import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { inputReferences } from "./input-references.js";
import {
  addField,
  buildInputSchema,
  type InputModel,
  moveField,
  nameProblem,
  parseInputSchema,
  removeField,
  updateField,
} from "./input-schema.js";
import { readDefault, readValues } from "./input-values.js";

const modelOf = (schema: unknown): InputModel => {
  const parsed = parseInputSchema(schema);
  if (!("model" in parsed)) throw new Error(parsed.unsupported);
  return parsed.model;
};

const examples = join(import.meta.dirname, "../../../../examples");

describe("the input schema as fields", () => {
  it("designs amount (number, required) on a flow without input", () => {
    let model = modelOf(undefined);
    expect(model.fields).toEqual([]);
    expect(buildInputSchema(model)).toBeUndefined();
    model = addField(model, "amount", "number");
    model = updateField(model, 0, { required: true, description: "in EUR" });
    expect(buildInputSchema(model)).toEqual({
      type: "object",
      properties: { amount: { type: "number", description: "in EUR" } },
      required: ["amount"],
    });
  });

  it("keeps every keyword it does not model, on fields and on the schema", () => {
    const schema = {
      type: "object",
      title: "Order",
      required: ["amount", "ghost"],
      additionalProperties: false,
      examples: [{ amount: 3 }],
      properties: {
        amount: { type: "number", minimum: 0, default: 1, description: "how much" },
        level: { enum: ["low", "high"], title: "Level" },
        either: { type: ["string", "number"] },
      },
    };
    const model = modelOf(schema);
    expect(model.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["amount", "number", true],
      ["level", undefined, false],
      ["either", undefined, false],
    ]);
    expect(model.fields[0]?.more).toEqual({ minimum: 0 });
    expect(model.fields[2]?.more).toEqual({ type: ["string", "number"] });
    expect(buildInputSchema(model)).toEqual(schema);
    // An edit to one field leaves the others' keywords and the schema's own alone.
    const renamed = buildInputSchema(updateField(model, 0, { name: "total" }));
    expect(renamed).toMatchObject({ title: "Order", additionalProperties: false, examples: [{ amount: 3 }] });
    expect(renamed?.properties).toEqual({
      total: schema.properties.amount,
      level: schema.properties.level,
      either: schema.properties.either,
    });
    expect(renamed?.required).toEqual(["total", "ghost"]);
  });

  it("reads back every example flow's input schema unchanged", () => {
    let checked = 0;
    for (const file of readdirSync(examples).filter((f) => f.endsWith(".json"))) {
      const flow = JSON.parse(readFileSync(join(examples, file), "utf8")) as FlowDefinition;
      if (flow.input === undefined || typeof flow.input !== "object") continue;
      expect(buildInputSchema(modelOf(flow.input)), file).toEqual(flow.input);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("reorders and removes fields, keeping the required list in field order", () => {
    let model = modelOf({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" }, c: { type: "string" } },
      required: ["a", "c"],
    });
    model = moveField(model, 2, 0);
    expect(Object.keys(buildInputSchema(model)?.properties as object)).toEqual(["c", "a", "b"]);
    expect(buildInputSchema(model)?.required).toEqual(["c", "a"]);
    expect(moveField(model, 0, 5)).toBe(model);
    model = removeField(model, 0);
    expect(buildInputSchema(model)).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      required: ["a"],
    });
  });

  it("refuses a name that is empty or taken, so a field never silently replaces another", () => {
    const model = modelOf({ type: "object", properties: { a: {}, b: {} } });
    expect(nameProblem(model, 1, "a")).toBe('another field is called "a"');
    expect(nameProblem(model, 1, "")).toBe("a field needs a name");
    expect(nameProblem(model, 1, "b2")).toBeNull();
  });

  it("leaves schemas it cannot show as fields to the JSON editor", () => {
    expect(parseInputSchema(true)).toEqual({ unsupported: "the input schema is true, not an object schema" });
    expect(parseInputSchema({ type: "array" })).toHaveProperty("unsupported");
    expect(parseInputSchema({ properties: { a: true } })).toHaveProperty("unsupported");
  });
});

describe("typed defaults and allowed values", () => {
  it("reads values of the field's type, and says what is wrong", () => {
    expect(readDefault("number", "12.5")).toEqual({ value: 12.5 });
    expect(readDefault("integer", "1.5")).toEqual({ problem: "1.5 is not a whole number" });
    expect(readDefault("string", "")).toEqual({ value: undefined });
    expect(readDefault("object", '{"a":1}')).toEqual({ value: { a: 1 } });
    expect(readValues("string", "low\nhigh\n")).toEqual({ value: ["low", "high"] });
    expect(readValues("number", "1\nx")).toEqual({ problem: 'line 2: "x" is not a number' });
    expect(readValues("boolean", "")).toEqual({ value: undefined });
  });
});

describe("inputReferences", () => {
  it("finds the input fields conditions, waits, subflows and expression params read", () => {
    const doc = {
      id: "f",
      name: "f",
      nodes: [
        { id: "p", type: "phase", handler: "transform", params: { expression: "input.amount * 2" } },
        { id: "h", type: "phase", handler: "http", params: { url: "=input.host & '/x'", body: { n: "=$input.no" } } },
        { id: "w", type: "wait", until: "input.when" },
        { id: "s", type: "subflow", flowType: "x", input: "{ 'r': input.region, 'o': order.input.no }" },
      ],
      edges: [{ id: "e", source: "p", target: "h", condition: "input.amount > 10 and input.vip" }],
    } as unknown as FlowDefinition;
    expect(inputReferences(doc)).toEqual(["amount", "host", "when", "region", "vip"]);
  });
});
