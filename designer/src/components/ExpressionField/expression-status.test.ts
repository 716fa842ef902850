import { describe, expect, it } from "vitest";
import { expressionMessage, expressionProblem, expressionRows } from "./expression-status.js";

describe("expression status", () => {
  it("says nothing about a well-formed expression", () => {
    expect(expressionMessage("$sum(input.items.price)")).toBeNull();
    expect(expressionMessage("{ 'assets': input.count }")).toBeNull();
  });

  it("gives the parse message with its character position for an invalid expression", () => {
    const problem = expressionProblem("input.(count");
    expect(problem?.position).toEqual(expect.any(Number));
    const message = expressionMessage("input.(count");
    expect(message).toContain(problem?.message);
    expect(message).toMatch(/\(at character \d+\)$/);
  });

  it("adds the line and column in a multi-line expression", () => {
    expect(expressionMessage("{\n  'a': (1 +\n}")).toMatch(/at character \d+\), line \d+ column \d+$/);
  });

  it("leaves empty text to the form's required check", () => {
    expect(expressionMessage("")).toBeNull();
    expect(expressionMessage("   ")).toBeNull();
  });

  it("grows with the expression's lines, up to 12", () => {
    expect(expressionRows("a")).toBe(1);
    expect(expressionRows("a", 3)).toBe(3);
    expect(expressionRows("a\nb\nc\nd")).toBe(4);
    expect(expressionRows("\n".repeat(40))).toBe(12);
  });
});
