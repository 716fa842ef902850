import type { HandlerContext } from "@mfo/runtime/pack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dependency } from "./asset-inventory-model.js";
import { createDependencyGraphHandler, planWaves, stronglyConnected } from "./dependency-graph.js";

describe("stronglyConnected", () => {
  it("finds cycles, including nested ones, and leaves acyclic nodes alone", () => {
    const edges = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    const components = stronglyConnected(["a", "b", "c", "d", "e"], edges).map((c) => c.join(""));
    expect(components.sort()).toEqual(["abc", "d", "e"]);
  });
});

describe("planWaves", () => {
  it("puts dependencies in earlier waves and a cycle in one move group", () => {
    const plan = planWaves(
      ["web", "app", "db", "mq"],
      [
        { from: "web", to: "app" },
        { from: "app", to: "db" },
        { from: "app", to: "mq" },
        { from: "mq", to: "app" },
      ],
    );
    expect(plan.cycles).toEqual([["app", "mq"]]);
    expect(plan.waves.map((w) => w.assets)).toEqual([["db"], ["app", "mq"], ["web"]]);
    expect(plan.order).toEqual(["db", "app", "mq", "web"]);
    expect(plan.moveGroups.find((g) => g.cyclic)).toMatchObject({ assets: ["app", "mq"], dependsOn: ["g2"] });
  });

  it("honours the maximum wave size, giving an oversized cyclic group a wave of its own", () => {
    const plan = planWaves(
      ["a", "b", "c", "x", "y", "z"],
      [
        { from: "x", to: "y" },
        { from: "y", to: "z" },
        { from: "z", to: "x" },
      ],
      2,
    );
    expect(plan.waves.map((w) => w.assets)).toEqual([["a", "b"], ["c"], ["x", "y", "z"]]);
  });

  it("reports dependencies on unknown assets as dangling and plans without them", () => {
    const plan = planWaves(["a"], [{ from: "a", to: "ghost" }]);
    expect(plan.dangling).toEqual([{ from: "a", to: "ghost" }]);
    expect(plan.stats).toMatchObject({ assets: 1, dependencies: 0, dangling: 1, waves: 1 });
  });

  const graph = fc
    .integer({ min: 1, max: 14 })
    .chain((n) =>
      fc.record({
        ids: fc.constant(Array.from({ length: n }, (_, i) => `n${i}`)),
        deps: fc.array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1) }), { maxLength: 30 }),
        max: fc.integer({ min: 1, max: 6 }),
      }),
    )
    .map(({ ids, deps, max }) => ({
      ids,
      max,
      deps: deps.map((d): Dependency => ({ from: `n${d.from}`, to: `n${d.to}` })),
    }));

  it("every dependency points to an earlier wave, or the same wave only within a cycle", () => {
    fc.assert(
      fc.property(graph, ({ ids, deps, max }) => {
        const plan = planWaves(ids, deps, max);
        const groupOf = new Map(plan.moveGroups.flatMap((g) => g.assets.map((a) => [a, g.id] as const)));
        for (const { from, to } of deps) {
          const [wf, wt] = [plan.waveOf[from] as number, plan.waveOf[to] as number];
          if (groupOf.get(from) === groupOf.get(to)) expect(wt).toBe(wf);
          else expect(wt).toBeLessThan(wf);
        }
      }),
    );
  });

  it("places every asset exactly once, never over the size limit except a group larger than it", () => {
    fc.assert(
      fc.property(graph, ({ ids, deps, max }) => {
        const plan = planWaves(ids, deps, max);
        expect([...plan.order].sort()).toEqual([...ids].sort());
        const sizeOf = new Map(plan.moveGroups.map((g) => [g.id, g.assets.length]));
        for (const wave of plan.waves) {
          expect(wave.size).toBe(wave.assets.length);
          if (wave.size > max) expect(wave.moveGroups.map((g) => sizeOf.get(g))).toEqual([wave.size]);
        }
      }),
    );
  });

  it("runs as a handler over assets with dependsOn and explicit dependencies", async () => {
    const handler = createDependencyGraphHandler();
    const output = await handler.run(
      {
        assets: [{ id: "a", dependsOn: ["b"] }, { id: "b" }, { id: "c" }],
        dependencies: [{ from: "c", to: "a" }],
        maxWaveSize: 5,
      },
      {} as HandlerContext,
    );
    expect(output).toMatchObject({ waves: [{ assets: ["b"] }, { assets: ["a"] }, { assets: ["c"] }] });
    // A one-element JSONata result arrives as the element itself.
    await expect(handler.run({ assets: { id: "solo" } }, {} as HandlerContext)).resolves.toMatchObject({
      order: ["solo"],
    });
  });
});
