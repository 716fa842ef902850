import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSixRHandler, sixR } from "./six-r.js";

const mid = { readiness: 50, complexity: 50, risk: 50 };
const known = {
  loc: 10_000,
  integrations: 2,
  techStackAgeYears: 5,
  testCoverage: 60,
  businessValue: "medium" as const,
};

describe("six-r", () => {
  it.each([
    ["retire", { endOfLife: true }, mid],
    ["retire", { businessValue: "low", activeUsers: 3 }, mid],
    ["repurchase", { saasAvailable: true, businessValue: "medium" }, mid],
    ["retain", { mustStayOnPremises: true }, mid],
    ["retain", {}, { readiness: 10, complexity: 90, risk: 85 }],
    ["refactor", { businessValue: "high", techStackAgeYears: 14 }, mid],
    ["refactor", { businessValue: "high", techStackAgeYears: 2 }, { readiness: 50, complexity: 70, risk: 50 }],
    ["replatform", { techStackAgeYears: 4 }, { readiness: 60, complexity: 30, risk: 30 }],
    ["rehost", { techStackAgeYears: 12 }, mid],
  ] as const)("recommends %s for %j", (strategy, profile, scores) => {
    expect(sixR({ ...known, ...profile }, scores).strategy).toBe(strategy);
  });

  it("decides by the first rule that fires, reports all that fired, and lowers confidence for conflicts", () => {
    const result = sixR({ ...known, endOfLife: true, saasAvailable: true }, { ...mid, readiness: 30 });
    expect(result.strategy).toBe("retire");
    expect(result.fired.map((f) => f.rule)).toEqual(["end-of-life", "saas-alternative"]);
    expect(result.alternatives).toEqual(["repurchase"]);
    expect(result.confidence).toBe(0.8);
    expect(sixR({ ...known, endOfLife: true }, { ...mid, readiness: 30 }).confidence).toBe(0.9);
  });

  it("lowers confidence for a thin profile and explains the default", () => {
    expect(sixR({}, mid)).toEqual({
      strategy: "rehost",
      confidence: 0.5,
      reasons: ["no other rule fired: lift and shift"],
      fired: [],
      alternatives: [],
    });
  });

  it("lets params override the thresholds", () => {
    const profile = { ...known, techStackAgeYears: 10 };
    const scores = { readiness: 60, complexity: 30, risk: 30 };
    expect(sixR(profile, scores).strategy).toBe("rehost");
    expect(sixR(profile, scores, { replatformMaxStackAge: 10 }).strategy).toBe("replatform");
  });

  it("always gives a strategy with a reason and a confidence in [0.3, 0.9]", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            endOfLife: fc.boolean(),
            saasAvailable: fc.boolean(),
            mustStayOnPremises: fc.boolean(),
            businessValue: fc.constantFrom("low", "medium", "high"),
            activeUsers: fc.nat({ max: 100 }),
            techStackAgeYears: fc.nat({ max: 30 }),
          },
          { requiredKeys: [] },
        ),
        fc.record({ readiness: fc.nat({ max: 100 }), complexity: fc.nat({ max: 100 }), risk: fc.nat({ max: 100 }) }),
        (profile, scores) => {
          const result = sixR(profile, scores);
          expect(result.reasons.length).toBeGreaterThan(0);
          expect(result.confidence).toBeGreaterThanOrEqual(0.3);
          expect(result.confidence).toBeLessThanOrEqual(0.9);
          expect(result.alternatives).not.toContain(result.strategy);
        },
      ),
    );
  });

  it("documents every rule threshold with a default in its params schema", () => {
    const rules = (createSixRHandler().entry.paramsSchema as { properties: { rules: { properties: object } } })
      .properties.rules.properties;
    for (const [name, schema] of Object.entries(rules)) {
      expect(schema, name).toHaveProperty("default");
      expect(schema, name).toHaveProperty("description");
    }
  });
});
