import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { validateWithUserSchema } from "../api/validate-with-user-schema.js";
import { checkUserSchema } from "./create-ajv.js";
import {
  estimateProgramSize,
  linearRegExp,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_PROGRAM,
  patternProblem,
} from "./linear-regexp.js";

const HOSTILE = "^(a+)+$";
const hostileInput = `${"a".repeat(27)}!`;

/** Milliseconds `run` took. */
function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe("the linear regular expression engine", () => {
  it("answers ^(a+)+$ against 27 a's and a '!' in well under 100 ms, with JavaScript's outcome", () => {
    const schema = { type: "object", properties: { code: { type: "string", pattern: HOSTILE } } };
    validateWithUserSchema(schema, { code: "a" }); // compile outside the timing
    let bad: ReturnType<typeof validateWithUserSchema> | undefined;
    const elapsed = timed(() => {
      bad = validateWithUserSchema(schema, { code: hostileInput });
    });
    expect(elapsed).toBeLessThan(100);
    expect(bad?.valid).toBe(false);
    expect(bad?.errors[0]).toMatchObject({ path: "/code" });
    expect(validateWithUserSchema(schema, { code: "a".repeat(27) })).toEqual({ valid: true, errors: [] });
  });

  it("checks patternProperties keys with the same engine", () => {
    const schema = { type: "object", patternProperties: { [HOSTILE]: { type: "number" } } };
    const elapsed = timed(() => {
      expect(validateWithUserSchema(schema, { [hostileInput]: "not checked", aaa: "x" }).valid).toBe(false);
    });
    expect(elapsed).toBeLessThan(100);
    expect(validateWithUserSchema(schema, { [hostileInput]: "not checked" }).valid).toBe(true);
  });

  it.each([
    ["a lookahead", "^(?=a)a$", "(?="],
    ["a negative lookahead", "^(?!b)a$", "(?!"],
    ["a lookbehind", "(?<=a)b", "(?<="],
    ["a negative lookbehind", "(?<!a)b", "(?<!"],
    ["a numbered backreference", "^(a)\\1$", "\\1"],
    ["a named backreference", "^(?<x>a)\\k<x>$", "\\k<name>"],
  ])("refuses %s, saying why", (_what, pattern, named) => {
    expect(patternProblem(pattern)).toContain(named);
    expect(() => linearRegExp(pattern, "u")).toThrow(/is not supported/);
    expect(checkUserSchema({ type: "string", pattern })).toMatch(/is not supported/);
  });

  it("refuses what JavaScript's RegExp refuses, as before", () => {
    expect(patternProblem("a{,3}")).not.toBeNull();
    expect(patternProblem("(")).not.toBeNull();
  });

  it("refuses a pattern too big to match quickly, and accepts a bounded repeat", () => {
    expect(patternProblem("a{900}")).toBeNull();
    expect(patternProblem("^.{0,400}$")).toBeNull();
    expect(patternProblem("(?:a?){500}a{500}")).toMatch(/too complex/);
    expect(patternProblem("[a-z]{1,1000}")).toMatch(`at most ${MAX_PATTERN_PROGRAM}`);
  });

  it("refuses a pattern whose compile alone would take seconds, before compiling it", () => {
    const elapsed = timed(() => {
      expect(patternProblem("[a-z]{1,1000}".repeat(76))).toMatch(/too complex/);
      expect(patternProblem("(?:\\w+\\s?){1,1000}".repeat(50))).toMatch(/too complex/);
      expect(patternProblem("\\p{L}".repeat(MAX_PATTERN_LENGTH))).toMatch(/too long/);
    });
    expect(elapsed).toBeLessThan(100);
  });

  it("does not read an escaped backslash followed by k as a backreference", () => {
    expect(patternProblem("^\\\\k$")).toBeNull();
    expect(linearRegExp("^\\\\k$", "u").test("\\k")).toBe(true);
  });

  it("translates JavaScript syntax RE2 spells differently", () => {
    expect(linearRegExp("^\\u0041(?<word>\\w+)\\/$", "u").test("Abc/")).toBe(true);
    expect(linearRegExp("^\\u{1F600}$", "u").test("😀")).toBe(true);
  });

  it("gives each pattern a distinct key for ajv's cache of compiled patterns", () => {
    expect(String(linearRegExp("^a$", "u"))).not.toBe(String(linearRegExp("^b$", "u")));
    const schema = { type: "array", prefixItems: [{ pattern: "^a$" }, { pattern: "^b$" }] };
    expect(validateWithUserSchema(schema, ["a", "b"]).valid).toBe(true);
    expect(validateWithUserSchema(schema, ["b", "a"]).valid).toBe(false);
  });

  // Patterns in the syntax both engines share, over an alphabet where they also agree on `.` and classes.
  const atom = fc.constantFrom("a", "b", "c", ".", "[ab]", "[^a]", "\\d", "\\w", "[0-9]", "x");
  const piece = fc
    .tuple(atom, fc.constantFrom("", "*", "+", "?", "{2}", "{1,3}", "{2,}", "{0,5}", "*?", "+?", "{3}?"))
    .map(([a, q]) => `${a}${q}`);
  const regex: fc.Arbitrary<string> = fc.letrec<{ alt: string; seq: string; unit: string }>((tie) => ({
    alt: fc.oneof(
      tie("seq"),
      fc.tuple(tie("seq"), tie("seq")).map(([l, r]) => `${l}|${r}`),
    ),
    seq: fc.array(tie("unit"), { minLength: 1, maxLength: 4 }).map((units) => units.join("")),
    // At most 3 groups deep: the oracle is JavaScript's own backtracking RegExp, which on deeper nests of
    // quantified groups can take minutes on a 12-character input (a CI run hung here with a random seed).
    unit: fc.oneof(
      { depthSize: "small", withCrossShrink: true, maxDepth: 3 },
      piece,
      fc.tuple(tie("alt"), fc.constantFrom("", "*", "?", "+", "{2,4}")).map(([inner, q]) => `(${inner})${q}`),
    ),
  })).alt;
  const anchored = fc
    .tuple(fc.boolean(), regex, fc.boolean())
    .map(([start, body, end]) => `${start ? "^" : ""}(?:${body})${end ? "$" : ""}`);
  // Short inputs for the same reason: backtracking grows exponentially with the input under nested quantifiers.
  const text = fc.string({ unit: fc.constantFrom("a", "b", "c", "1", "x", "_", " ", "-"), maxLength: 6 });

  it("agrees with JavaScript's RegExp on patterns both engines read alike", () => {
    fc.assert(
      fc.property(anchored, fc.array(text, { minLength: 1, maxLength: 5 }), (pattern, inputs) => {
        fc.pre(patternProblem(pattern) === null); // a few generated patterns are too complex to run
        const expected = new RegExp(pattern, "u");
        const actual = linearRegExp(pattern, "u");
        for (const input of inputs)
          expect(actual.test(input), `${pattern} on ${JSON.stringify(input)}`).toBe(expected.test(input));
      }),
      { numRuns: 300 },
    );
  });

  it("never estimates a pattern's program smaller than RE2 compiles it", () => {
    fc.assert(
      fc.property(anchored, (pattern) => {
        let compiled = 0;
        try {
          compiled = RE2JS.compile(RE2JS.translateRegExp(pattern)).programSize();
        } catch {
          fc.pre(false); // RE2 refuses it outright (nested counts over 1,000): nothing to estimate
        }
        expect(estimateProgramSize(pattern), pattern).toBeGreaterThanOrEqual(compiled);
      }),
      { numRuns: 500 },
    );
  });
});
