import { describe, expect, it } from "vitest";
import { validateWithUserSchema } from "../api/validate-with-user-schema.js";
import { validateFlow } from "../flow/validate-flow.js";
import { fieldName } from "./field-name.js";

/** A valid flow start -> d (decision) -> a | b, to spoil one field at a time. */
function decisionFlow(): Record<string, unknown> & { edges: Array<Record<string, unknown>> } {
  return {
    id: "decide",
    name: "Decide",
    nodes: [
      { id: "start", type: "start" },
      { id: "d", type: "decision" },
      { id: "a", type: "end" },
      { id: "b", type: "end" },
    ],
    edges: [
      { id: "e0", source: "start", target: "d" },
      { id: "e1", source: "d", target: "a", condition: "input.amount > 10" },
      { id: "e2", source: "d", target: "b", default: true },
    ],
  };
}

const messagesAt = (errors: ReadonlyArray<{ path: string; message: string }>, path: string) =>
  errors.filter((e) => e.path === path).map((e) => e.message);

describe("error messages name their field in plain words", () => {
  it("says an empty flow name must not be empty, naming the field", () => {
    const { errors } = validateFlow({ ...decisionFlow(), name: "" });
    expect(messagesAt(errors, "/name")).toEqual(["Name must not be empty"]);
  });

  it("says how long a too long name is and what the limit is", () => {
    const { errors } = validateFlow({ ...decisionFlow(), name: "n".repeat(236) });
    expect(messagesAt(errors, "/name")).toEqual(["Name is too long: at most 200 characters (it has 236)"]);
  });

  it("names the id whose text is not allowed, and says what is", () => {
    const { errors } = validateFlow({ ...decisionFlow(), id: "Bad Id" });
    expect(messagesAt(errors, "/id")).toEqual([
      `Id "Bad Id" is not allowed here: a lowercase letter, then lowercase letters, digits or '-' (at most 63 characters)`,
    ]);
  });

  it("words a flow's input errors for the run form and the API, keeping code and pointer", () => {
    const schema = {
      type: "object",
      properties: {
        amount: { type: "number", minimum: 0 },
        source: { type: "string", minLength: 1 },
        tags: { type: "array", items: { type: "string", maxLength: 3 } },
        level: { enum: ["low", "high"] },
      },
    };
    const { errors } = validateWithUserSchema(schema, { amount: -1, source: "", tags: ["long"], level: "mid" });
    expect(errors).toEqual([
      { path: "/amount", code: "out-of-range", message: "Amount must be at least 0 (it is -1)" },
      { path: "/level", code: "invalid-value", message: 'Level must be one of "low", "high"' },
      { path: "/source", code: "invalid-length", message: "Source must not be empty" },
      {
        path: "/tags/0",
        code: "invalid-length",
        message: "Item 1 of tags is too long: at most 3 characters (it has 4)",
      },
    ]);
  });

  it("keeps the root's message without a subject, for callers that name the value", () => {
    expect(validateWithUserSchema({ type: "object" }, 3).errors).toEqual([
      { path: "", code: "wrong-type", message: "must be an object" },
    ]);
  });

  it("turns pointers into field names", () => {
    expect(fieldName("/nodes/2/params/delayMs")).toBe("Delay ms");
    expect(fieldName("/edges/1/condition")).toBe("Condition");
    expect(fieldName("/0")).toBe("Item 1");
    expect(fieldName("")).toBeUndefined();
  });
});

describe("expression problems are reported once", () => {
  it("reports an empty decision condition as one problem", () => {
    const flow = decisionFlow();
    flow.edges[1] = { ...flow.edges[1], condition: "" };
    const { errors } = validateFlow(flow);
    expect(errors.filter((e) => e.edgeId === "e1")).toEqual([
      expect.objectContaining({ path: "/edges/1/condition", message: "Condition must not be empty" }),
    ]);
  });

  it("says the same of a condition made of blanks", () => {
    const flow = decisionFlow();
    flow.edges[1] = { ...flow.edges[1], condition: "   " };
    expect(messagesAt(validateFlow(flow).errors, "/edges/1/condition")).toEqual(["Condition must not be empty"]);
  });

  it("reports a condition that does not parse once, naming the field and the position", () => {
    const flow = decisionFlow();
    flow.edges[1] = { ...flow.edges[1], condition: "1 +" };
    const { errors } = validateFlow(flow);
    expect(errors).toEqual([
      expect.objectContaining({
        code: "invalid-expression",
        path: "/edges/1/condition",
        message: "Condition is not a valid JSONata expression: Unexpected end of expression (at character 3)",
      }),
    ]);
  });
});
