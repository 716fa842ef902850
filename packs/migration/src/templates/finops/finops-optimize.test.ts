import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PriceTable } from "./cost-estimate.js";
import { optimise } from "./finops-optimize.js";

const prices: PriceTable = {
  currency: "USD",
  instances: {
    "t3.medium": { hourly: 0.0416, vcpu: 2, memoryGb: 4 },
    "m5.large": { hourly: 0.096, vcpu: 2, memoryGb: 8 },
    "m5.xlarge": { hourly: 0.192, vcpu: 4, memoryGb: 16 },
    "m5.2xlarge": { hourly: 0.384, vcpu: 8, memoryGb: 32 },
  },
  storagePerGbMonth: { standard: 0.1 },
};
const minor = (n: number) => Math.round(n * 100);

describe("finops-optimize", () => {
  it("removes an idle resource and saves all of its cost", () => {
    const result = optimise([{ id: "ftp", instanceType: "t3.medium", storageGb: 10, cpuPeak: 1 }], prices);
    expect(result.recommendations).toEqual([
      {
        resourceId: "ftp",
        team: null,
        action: "remove-idle",
        from: "t3.medium",
        to: null,
        monthlySaving: 31.37,
        reason: "CPU peak 1% < 5%: idle",
      },
    ]);
    expect(result.totals).toMatchObject({ currentMonthly: 31.37, optimisedMonthly: 0, savingPercent: 100 });
  });

  it("rightsizes to the cheapest type that fits CPU and memory at the target peak, then reserves it", () => {
    const result = optimise([{ id: "web", instanceType: "m5.2xlarge", cpuPeak: 20, memoryPeak: 40 }], prices);
    // 8 vCPU at 20% needs 3 at 70%; 32 GB at 40% needs 18.3 GB: only m5.2xlarge has that much memory.
    expect(result.recommendations.map((r) => r.action)).toEqual(["reserve"]);
    const cpuOnly = optimise([{ id: "web", instanceType: "m5.2xlarge", cpuPeak: 20 }], prices);
    expect(cpuOnly.recommendations).toMatchObject([
      { action: "rightsize", from: "m5.2xlarge", to: "m5.xlarge", monthlySaving: 140.16 },
      { action: "reserve", from: "m5.xlarge", to: "m5.xlarge", monthlySaving: 42.05 },
    ]);
  });

  it("leaves busy or part-time resources alone and follows the policy overrides", () => {
    expect(
      optimise([{ id: "batch", instanceType: "m5.large", hours: 200, cpuPeak: 90 }], prices).recommendations,
    ).toEqual([]);
    const lenient = optimise([{ id: "batch", instanceType: "m5.large", hours: 200, cpuPeak: 90 }], prices, {
      steadyMinHours: 100,
    });
    expect(lenient.recommendations.map((r) => r.action)).toEqual(["reserve"]);
  });

  it("never saves more than the current cost, and the totals are the sum of the recommendations", () => {
    const resource = fc.record({
      id: fc.string({ minLength: 1 }),
      instanceType: fc.constantFrom("t3.medium", "m5.large", "m5.xlarge", "m5.2xlarge"),
      quantity: fc.nat({ max: 10 }),
      hours: fc.double({ min: 0, max: 744, noNaN: true }),
      storageGb: fc.nat({ max: 1000 }),
      cpuPeak: fc.double({ min: 0, max: 100, noNaN: true }),
      memoryPeak: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 20 }), (resources) => {
        const { recommendations, totals } = optimise(resources, prices);
        expect(minor(totals.monthlySaving)).toBe(recommendations.reduce((s, r) => s + minor(r.monthlySaving), 0));
        expect(totals.monthlySaving).toBeLessThanOrEqual(totals.currentMonthly);
        expect(minor(totals.optimisedMonthly)).toBe(minor(totals.currentMonthly) - minor(totals.monthlySaving));
        for (const r of recommendations) expect(r.monthlySaving).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
