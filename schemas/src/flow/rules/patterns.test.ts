import { describe, expect, it } from "vitest";
import type { ValidationError } from "../../generated/types.js";
import { resolvePointer } from "../../json/pointer.js";
import { sampleFlow } from "../../testing/sample-flow.js";
import { validateFlow } from "../validate-flow.js";

type Loose = Record<string, unknown>;
type Flow = Loose & { nodes: Loose[] };

/** The sample flow changed by `mutate`, validated; every error's pointer must lead into the document. */
function errorsAfter(mutate: (flow: Flow) => void): ValidationError[] {
  const flow = structuredClone(sampleFlow()) as unknown as Flow;
  mutate(flow);
  const { errors } = validateFlow(flow);
  for (const error of errors) expect(resolvePointer(flow, error.path).found, error.path).toBe(true);
  return errors;
}

const phaseAt = sampleFlow().nodes.findIndex((n) => n.id === "a");
const withSchemaValidator = (schema: unknown) => (flow: Flow) => {
  const node = flow.nodes[phaseAt] as Loose;
  node.validators = [
    { type: "required", params: { fields: ["x"] } },
    { type: "schema", params: { schema } },
  ];
};

describe("unsupported-pattern: patterns the linear-time engine cannot run are refused where they are written", () => {
  it("names the pattern of the flow's input, without a second error on the whole schema", () => {
    const errors = errorsAfter((flow) => {
      flow.input = { type: "object", properties: { code: { type: "string", pattern: "^(?=A)[A-Z]+$" } } };
    });
    expect(errors).toEqual([
      expect.objectContaining({ code: "unsupported-pattern", path: "/input/properties/code/pattern" }),
    ]);
    expect(errors[0]?.message).toContain("(?=");
    expect(errors[0]?.nodeId).toBeUndefined();
  });

  it("names the node and pointer of a pattern in a schema validator's params", () => {
    const schema = { type: "object", properties: { tag: { type: "array", items: { pattern: "^(a)\\1$" } } } };
    expect(errorsAfter(withSchemaValidator(schema))).toEqual([
      expect.objectContaining({
        code: "unsupported-pattern",
        nodeId: "a",
        path: `/nodes/${phaseAt}/validators/1/params/schema/properties/tag/items/pattern`,
      }),
    ]);
  });

  it("checks patternProperties keys, escaping them in the pointer", () => {
    const schema = { type: "object", patternProperties: { "^a/(?!b)": { type: "string" }, "^ok$": true } };
    expect(errorsAfter(withSchemaValidator(schema))).toEqual([
      expect.objectContaining({
        code: "unsupported-pattern",
        nodeId: "a",
        path: `/nodes/${phaseAt}/validators/1/params/schema/patternProperties/^a~1(?!b)`,
      }),
    ]);
  });

  it("reports each refused pattern once, through combinators and definitions", () => {
    const errors = errorsAfter((flow) => {
      flow.input = {
        $defs: { id: { pattern: "(?<=x)y" } },
        anyOf: [{ pattern: "^\\k<n>$" }, { properties: { const: { pattern: "(?<n>a)\\k<n>" } } }],
        const: { pattern: "(?=data, not a schema)" },
      };
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ["unsupported-pattern", "/input/$defs/id/pattern"],
      ["unsupported-pattern", "/input/anyOf/0/pattern"],
      ["unsupported-pattern", "/input/anyOf/1/properties/const/pattern"],
    ]);
  });

  it("accepts the patterns RE2 shares with JavaScript", () => {
    const input = {
      type: "object",
      properties: { id: { pattern: "^(a+)+$" }, code: { pattern: "^[A-Z]{2}-\\d{3}$" } },
    };
    expect(errorsAfter((flow) => Object.assign(flow, { input }))).toEqual([]);
    expect(errorsAfter(withSchemaValidator({ patternProperties: { "^x-": {} } }))).toEqual([]);
  });
});
