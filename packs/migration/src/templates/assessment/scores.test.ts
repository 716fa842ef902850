import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ApplicationProfile } from "../../model/application-profile.js";
import { complexityScore, createRiskScoreHandler, levelOf, readinessScore, riskScore } from "./scores.js";

const profiles = fc.record(
  {
    loc: fc.nat({ max: 50_000_000 }),
    integrations: fc.nat({ max: 500 }),
    dataVolumeGb: fc.double({ min: 0, max: 1e7, noNaN: true }),
    techStackAgeYears: fc.double({ min: 0, max: 60, noNaN: true }),
    testCoverage: fc.double({ min: 0, max: 100, noNaN: true }),
    compliance: fc.array(fc.constantFrom("pci", "hipaa", "gdpr", "sox"), { maxLength: 6 }),
    containerised: fc.boolean(),
    cicd: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<ApplicationProfile>;

const sumOf = (factors: Array<{ points: number }>) => factors.reduce((s, f) => s + f.points, 0);

describe("scores", () => {
  it("credits nothing the profile does not state", () => {
    expect(complexityScore({}).score).toBe(0);
    expect(readinessScore({}).score).toBe(0);
    expect(readinessScore({}).factors.every((f) => f.value === null)).toBe(true);
  });

  it("scores a large, integrated, old application as complex and unready", () => {
    const legacy = {
      loc: 1_000_000,
      integrations: 12,
      dataVolumeGb: 9999,
      techStackAgeYears: 15,
      compliance: ["pci", "sox"],
    };
    expect(complexityScore(legacy)).toMatchObject({ score: 95, level: "high" });
    expect(readinessScore(legacy)).toMatchObject({ score: 6, level: "low" });
  });

  it("scores a tested, containerised, young application as ready", () => {
    const ready = readinessScore({
      testCoverage: 80,
      techStackAgeYears: 3,
      integrations: 2,
      containerised: true,
      cicd: true,
    });
    expect(ready).toMatchObject({ score: 87.5, level: "high" });
  });

  it("caps every factor and keeps every score within 0-100, equal to the sum of its factors", () => {
    fc.assert(
      fc.property(profiles, (profile) => {
        const complexity = complexityScore(profile);
        const readiness = readinessScore(profile);
        const risk = riskScore(profile, complexity.score, readiness.score);
        for (const s of [complexity, readiness, risk]) {
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(100);
          for (const f of s.factors) expect(f.points).toBeLessThanOrEqual(f.max);
          expect(s.score).toBeCloseTo(Math.min(100, sumOf(s.factors)), 1);
        }
      }),
    );
  });

  it("never lowers risk when complexity grows or readiness falls", () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.nat({ max: 100 }), fc.nat({ max: 100 }), (c, r, d) => {
        expect(riskScore({}, Math.min(100, c + d), r).score).toBeGreaterThanOrEqual(riskScore({}, c, r).score);
        expect(riskScore({}, c, Math.max(0, r - d)).score).toBeGreaterThanOrEqual(riskScore({}, c, r).score);
      }),
    );
  });

  it("levels by thresholds", () => {
    expect([levelOf(59.9), levelOf(60), levelOf(35), levelOf(34.9)]).toEqual(["medium", "high", "medium", "low"]);
    expect(levelOf(50, { high: 50, medium: 10 })).toBe("high");
  });

  it("risk-score handler rejects params outside its schema without retrying", async () => {
    const handler = createRiskScoreHandler();
    expect(handler.entry).toMatchObject({ name: "risk-score", pure: true });
    await expect(handler.run({ profile: {}, complexity: 150, readiness: 0 }, {} as never)).rejects.toMatchObject({
      code: "invalid-params",
      retryable: false,
    });
    await expect(handler.run({ profile: {}, complexity: 80, readiness: 10 }, {} as never)).resolves.toMatchObject({
      score: 76.5,
      level: "high",
    });
  });
});
