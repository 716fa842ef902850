import type { HandlerContext } from "@mfo/runtime/pack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createResourcePlanHandler, DEFAULT_EFFORT_DAYS, planResources } from "./resource-plan.js";

const options = { effortDays: DEFAULT_EFFORT_DAYS, maxPeople: 3, targetDays: 10, cutoverDays: 2 };

describe("planResources", () => {
  it("costs assets by complexity, staffs to the target days within the team limit, adds cutover", () => {
    const complexity: Record<string, string> = { a: "high", b: "high", c: "high", d: "high", e: "low", f: "weird" };
    const plan = planResources(
      [
        { wave: 1, assets: ["a", "b", "c", "d"] },
        { wave: 2, assets: ["e", "f", "g"] },
        { wave: 3, assets: [] },
      ],
      (id) => complexity[id],
      options,
    );
    expect(plan.waves).toEqual([
      { wave: 1, assets: 4, byComplexity: { low: 0, medium: 0, high: 4 }, effortDays: 40, people: 3, durationDays: 16 },
      { wave: 2, assets: 3, byComplexity: { low: 1, medium: 2, high: 0 }, effortDays: 12, people: 2, durationDays: 8 },
      { wave: 3, assets: 0, byComplexity: { low: 0, medium: 0, high: 0 }, effortDays: 0, people: 0, durationDays: 2 },
    ]);
    expect(plan.totals).toEqual({ assets: 7, effortDays: 52, durationDays: 26, peakPeople: 3 });
  });

  it("totals are the sums of the waves, and nobody is asked for more than the limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom("low", "medium", "high", "?"), { maxLength: 8 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (waves, maxPeople) => {
          const ids = waves.map((w, i) => ({ wave: i + 1, assets: w.map((c, j) => `${c}:${i}:${j}`) }));
          const plan = planResources(ids, (id) => id.split(":")[0], { ...options, maxPeople });
          expect(plan.totals.effortDays).toBe(plan.waves.reduce((s, w) => s + w.effortDays, 0));
          expect(plan.totals.durationDays).toBe(plan.waves.reduce((s, w) => s + w.durationDays, 0));
          for (const w of plan.waves) {
            expect(w.people).toBeLessThanOrEqual(maxPeople);
            if (w.people > 0)
              expect(w.people * (w.durationDays - options.cutoverDays)).toBeGreaterThanOrEqual(w.effortDays);
          }
        },
      ),
    );
  });

  it("runs as a handler, reading complexities from the assets and effort from params", async () => {
    const output = await createResourcePlanHandler().run(
      {
        waves: { wave: 1, assets: ["a"] },
        assets: [{ id: "a", complexity: "low" }],
        effortDays: { low: 3 },
        cutoverDays: 0,
      },
      {} as HandlerContext,
    );
    expect(output).toMatchObject({ waves: [{ effortDays: 3, people: 1, durationDays: 3 }] });
    await expect(createResourcePlanHandler().run({ waves: [{ wave: 1 }] }, {} as HandlerContext)).rejects.toMatchObject(
      { code: "invalid-params" },
    );
  });
});
