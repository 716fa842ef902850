import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planImplementation, sizeFactor } from "./implementation-plan.js";
import { type Component, redesign } from "./redesign.js";

describe("implementation-plan", () => {
  const targets = redesign("replatform", [
    { name: "web", kind: "web" },
    { name: "db", kind: "database" },
  ]).targets;

  it("orders foundation, state, compute, cutover, each depending only on earlier epics", () => {
    const plan = planImplementation(targets, { teamSize: 2, contingencyPercent: 10 });
    expect(plan.epics.map((e) => [e.id, e.dependsOn])).toEqual([
      ["foundation", []],
      ["db-managed-database", ["foundation"]],
      ["web-containerise", ["foundation", "db-managed-database"]],
      ["cutover", ["foundation", "db-managed-database", "web-containerise"]],
    ]);
    // 10 + 10 + 8 + 5 person-days, +10%, by 2 people working 5 days a week.
    expect(plan.totals).toEqual({
      effortDays: 33,
      contingencyDays: 3.3,
      plannedDays: 36.3,
      teamSize: 2,
      calendarWeeks: 4,
    });
  });

  it("scales a component's effort with its size and skips what needs no work", () => {
    expect([
      sizeFactor(undefined),
      sizeFactor(50_000),
      sizeFactor(50_001),
      sizeFactor(260_000),
      sizeFactor(9e9),
    ]).toEqual([1, 1, 1.5, 3, 3]);
    const big = planImplementation(targets, { loc: { web: 120_000 } });
    expect(big.epics.find((e) => e.id === "web-containerise")?.effortDays).toBe(16);
    const kept = planImplementation(redesign("retain", [{ name: "web", kind: "web" }]).targets);
    expect(kept.epics.map((e) => e.id)).toEqual(["foundation", "cutover"]);
  });

  it("always totals the epics' steps and points every dependency at an earlier epic", () => {
    const component = fc.record({
      name: fc.stringMatching(/^[a-z]{1,8}$/),
      kind: fc.constantFrom("web", "api", "worker", "batch", "database", "cache", "queue", "file-store" as const),
    });
    const strategy = fc.constantFrom("rehost", "replatform", "repurchase", "refactor", "retire", "retain" as const);
    fc.assert(
      fc.property(strategy, fc.uniqueArray(component, { selector: (c) => c.name, maxLength: 12 }), (s, cs) => {
        const plan = planImplementation(redesign(s, cs as Component[]).targets);
        const ids = plan.epics.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        plan.epics.forEach((epic, i) => {
          for (const dep of epic.dependsOn) expect(ids.slice(0, i)).toContain(dep);
        });
        const steps = plan.epics.flatMap((e) => e.steps).reduce((sum, step) => sum + step.effortDays, 0);
        expect(plan.totals.effortDays).toBeCloseTo(steps, 5);
      }),
    );
  });
});
