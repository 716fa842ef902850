import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Component, redesign } from "./redesign.js";

const components: Component[] = [
  { name: "shop", kind: "web", loc: 250_000 },
  { name: "api", kind: "api", loc: 40_000 },
  { name: "nightly", kind: "batch" },
  { name: "db", kind: "database" },
  { name: "files", kind: "file-store" },
];
const patterns = (strategy: Parameters<typeof redesign>[0]) =>
  redesign(strategy, components).targets.map((t) => `${t.component}:${t.pattern}:${t.services}`);

describe("redesign", () => {
  it("replatforms compute into containers and state onto managed services", () => {
    expect(patterns("replatform")).toEqual([
      "shop:containerise:1",
      "api:containerise:1",
      "nightly:scheduled-job:1",
      "db:managed-database:1",
      "files:object-storage:1",
    ]);
  });

  it("refactors large web apps into services and batch into functions", () => {
    expect(patterns("refactor")).toEqual([
      "shop:split-into-services:3",
      "api:containerise:1",
      "nightly:serverless-function:1",
      "db:managed-database:1",
      "files:object-storage:1",
    ]);
    expect(redesign("refactor", components, "ecs", 50_000).targets[0]).toMatchObject({ services: 5 });
  });

  it("decides the whole application for rehost, repurchase, retire and retain", () => {
    expect(new Set(patterns("rehost").map((p) => p.split(":")[1]))).toEqual(new Set(["vm-lift"]));
    expect(patterns("repurchase")).toContain("shop:saas-replacement:0");
    expect(patterns("repurchase")).toContain("db:data-export:0");
    expect(patterns("retire")).toContain("api:decommission:0");
    expect(new Set(patterns("retain").map((p) => p.split(":")[1]))).toEqual(new Set(["keep"]));
  });

  it("gives one target per component, in order, and counts the patterns", () => {
    const strategy = fc.constantFrom("rehost", "replatform", "repurchase", "refactor", "retire", "retain" as const);
    const component = fc.record({
      name: fc.string({ minLength: 1 }),
      kind: fc.constantFrom("web", "api", "worker", "batch", "database", "cache", "queue", "file-store" as const),
      loc: fc.nat({ max: 2_000_000 }),
    });
    fc.assert(
      fc.property(strategy, fc.array(component, { maxLength: 20 }), (s, cs) => {
        const result = redesign(s, cs as Component[]);
        expect(result.targets.map((t) => t.component)).toEqual(cs.map((c) => c.name));
        expect(Object.values(result.patterns).reduce((a, b) => a + (b ?? 0), 0)).toBe(cs.length);
      }),
    );
  });
});
