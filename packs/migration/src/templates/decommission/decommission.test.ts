import type { HandlerContext } from "@mfo/runtime/pack";
import { describe, expect, it } from "vitest";
import { createDecommissionArchiveHandler, DEFAULT_PRICES, planArchive } from "./decommission-archive.js";
import { createDecommissionPlanHandler, planDecommission } from "./decommission-plan.js";
import { createDecommissionShutdownHandler, shutdownOrder } from "./decommission-shutdown.js";

const ctx = {} as HandlerContext;

describe("planDecommission", () => {
  const assets = ["web", "app", "db", "report", "keeper", "lib"].map((id) => ({ id }));
  const deps = [
    { from: "web", to: "app" },
    { from: "app", to: "db" },
    { from: "report", to: "lib" },
    { from: "keeper", to: "report" },
  ];

  it("retires what nothing staying depends on, and defers the rest with their blockers, transitively", () => {
    const plan = planDecommission(["web", "app", "db", "report", "lib", "nope"], assets, deps);
    expect(plan.retire.map((a) => a.id)).toEqual(["app", "db", "web"]);
    expect(plan.deferred).toEqual([
      { id: "lib", blockedBy: ["report"] },
      { id: "report", blockedBy: ["keeper"] },
    ]);
    expect(plan.unknown).toEqual(["nope"]);
    expect(plan.dependencies).toEqual([
      { from: "web", to: "app" },
      { from: "app", to: "db" },
    ]);
    expect(plan.counts).toEqual({ requested: 6, retire: 3, deferred: 2, unknown: 1 });
  });

  it("runs as a handler, reading dependsOn from the estate", async () => {
    const output = await createDecommissionPlanHandler().run(
      { systems: "db", assets: [{ id: "db" }, { id: "app", dependsOn: ["db"] }] },
      ctx,
    );
    expect(output).toMatchObject({ retire: [], deferred: [{ id: "db", blockedBy: ["app"] }] });
  });
});

describe("planArchive", () => {
  const options = {
    decommissionDate: "2024-02-29",
    retentionYears: { default: 7, financial: 10, logs: 0 },
    pricePerGbMonth: DEFAULT_PRICES,
    deepArchiveFromYears: 8,
  };

  it("archives by retention class and tier with cost, and deletes data kept for no time", () => {
    const plan = planArchive(
      [
        { id: "ledger", dataGb: 100, dataClass: "financial" },
        { id: "app", dataGb: "50", dataClass: "other" },
        { id: "logs", dataGb: 10, dataClass: "logs" },
        { id: "empty" },
      ],
      options,
    );
    expect(plan.items.map((i) => [i.id, i.action, i.tier, i.retainUntil, i.monthlyCost, i.totalCost])).toEqual([
      ["ledger", "archive", "deep-archive", "2034-02-28", 0.1, 12],
      ["app", "archive", "archive", "2031-02-28", 0.2, 16.8],
      ["logs", "delete", null, null, 0, 0],
      ["empty", "delete", null, null, 0, 0],
    ]);
    expect(plan.totals).toEqual({ dataGb: 160, archivedGb: 150, deletedGb: 10, monthlyCost: 0.3, totalCost: 28.8 });
  });

  it("refuses a decommission date that is not a date", async () => {
    await expect(
      createDecommissionArchiveHandler().run({ systems: [], decommissionDate: "next week" }, ctx),
    ).rejects.toMatchObject({ code: "invalid-params" });
  });
});

describe("shutdownOrder", () => {
  it("shuts dependents down before what they depend on, cycles together", () => {
    const plan = shutdownOrder(
      ["web", "app", "db", "a", "b"],
      [
        { from: "web", to: "app" },
        { from: "app", to: "db" },
        { from: "a", to: "b" },
        { from: "b", to: "a" },
      ],
    );
    expect(plan.steps).toEqual([
      { step: 1, systems: ["web"] },
      { step: 2, systems: ["app"] },
      { step: 3, systems: ["a", "b", "db"] },
    ]);
    const position = new Map(plan.steps.flatMap((s) => s.systems.map((id) => [id, s.step] as const)));
    expect(position.get("web")).toBeLessThan(position.get("app") as number);
    expect(plan.cycles).toEqual([["a", "b"]]);
  });

  it("runs as a handler over system records", async () => {
    const output = await createDecommissionShutdownHandler().run(
      { systems: [{ id: "x", dependsOn: ["y"] }, { id: "y" }] },
      ctx,
    );
    expect(output).toMatchObject({ order: ["x", "y"] });
  });
});
