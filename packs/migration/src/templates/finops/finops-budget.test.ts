import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateCost, type PriceTable } from "./cost-estimate.js";
import { planBudget } from "./finops-budget.js";
import { optimise } from "./finops-optimize.js";

const prices: PriceTable = {
  currency: "EUR",
  instances: { big: { hourly: 1, vcpu: 8 }, small: { hourly: 0.25, vcpu: 2 } },
};
const minor = (n: number) => Math.round(n * 100);

describe("budget-plan", () => {
  const resources = [
    { id: "a", instanceType: "big", team: "web", cpuPeak: 10 },
    { id: "b", instanceType: "small", team: "data", hours: 100 },
    { id: "c", instanceType: "small" },
  ];

  it("budgets each team's optimised cost plus headroom, rounded up, sorted by team", () => {
    const costs = estimateCost(resources, prices);
    const { recommendations } = optimise(resources, prices);
    const plan = planBudget(costs, recommendations);
    expect(plan.teams.map((t) => t.team)).toEqual(["data", "unassigned", "web"]);
    // web: 730 h x 1 = 730; rightsized to small (182.5) and reserved (-54.75) = 127.75; +15% = 146.91 -> 200.
    expect(plan.teams[2]).toEqual({
      team: "web",
      currentMonthly: 730,
      monthlySaving: 602.25,
      optimisedMonthly: 127.75,
      monthlyBudget: 200,
      annualBudget: 2400,
    });
    expect(plan.totals.monthlyBudget).toBe(100 + 200 + 200);
  });

  it("budgets the current cost when savings are not applied", () => {
    const costs = estimateCost(resources, prices);
    const plan = planBudget(costs, optimise(resources, prices).recommendations, { applySavings: false, roundTo: 0 });
    expect(plan.teams.find((t) => t.team === "web")).toMatchObject({ monthlySaving: 0, monthlyBudget: 839.5 });
  });

  it("always covers the optimised cost with headroom, and the totals are the sums of the teams", () => {
    const resource = fc.record({
      id: fc.uuid(),
      instanceType: fc.constantFrom("big", "small"),
      team: fc.constantFrom("a", "b", "c"),
      hours: fc.nat({ max: 744 }),
      cpuPeak: fc.nat({ max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 20 }), fc.nat({ max: 100 }), (rs, headroom) => {
        const plan = planBudget(estimateCost(rs, prices), optimise(rs, prices).recommendations, {
          headroomPercent: headroom,
        });
        for (const t of plan.teams) {
          expect(minor(t.monthlyBudget)).toBeGreaterThanOrEqual(
            Math.ceil((minor(t.optimisedMonthly) * (100 + headroom)) / 100),
          );
          expect(t.monthlyBudget % 100).toBe(0);
        }
        for (const key of [
          "currentMonthly",
          "monthlySaving",
          "optimisedMonthly",
          "monthlyBudget",
          "annualBudget",
        ] as const)
          expect(minor(plan.totals[key])).toBe(plan.teams.reduce((s, t) => s + minor(t[key]), 0));
      }),
    );
  });
});
