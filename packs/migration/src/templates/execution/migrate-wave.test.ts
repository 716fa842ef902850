import type { HandlerContext } from "@mfo/runtime/pack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMigrateWaveHandler, migrateAssets } from "./migrate-wave.js";
import { createWaveLanesHandler, splitLanes } from "./migrate-wave-lanes.js";

const options = { wave: 1, lane: 1, target: "aws" };

describe("migrateAssets", () => {
  it("migrates every asset to the target and reports the unhealthy ones", () => {
    const result = migrateAssets(
      [
        { id: "a", hostname: "a.x" },
        { id: "b", simulate: "unhealthy" },
      ],
      { ...options, attempt: 1 },
    );
    expect(result.results).toEqual([
      { id: "a", hostname: "a.x", status: "migrated", targetId: "aws/a", healthy: true },
      { id: "b", hostname: "b", status: "migrated", targetId: "aws/b", healthy: false },
    ]);
    expect(result).toMatchObject({ migrated: 2, unhealthy: ["b"], attempt: 1 });
  });

  it("fails the first attempt of a fail-once asset (retryably) and succeeds on the next", () => {
    const assets = [{ id: "a", simulate: "fail-once" }];
    expect(() => migrateAssets(assets, { ...options, attempt: 1 })).toThrow(
      expect.objectContaining({ code: "migration-failed", retryable: true }),
    );
    expect(migrateAssets(assets, { ...options, attempt: 2 }).migrated).toBe(1);
    expect(() => migrateAssets([{ id: "b", simulate: "fail" }], { ...options, attempt: 5 })).toThrow(
      /b failed on attempt 5/,
    );
  });

  it("runs as a handler with the attempt from its context, and an empty lane migrates nothing", async () => {
    const handler = createMigrateWaveHandler();
    const ctx = { attempt: 2 } as HandlerContext;
    await expect(
      handler.run({ assets: { id: "a", simulate: "fail-once" }, target: "gcp" }, ctx),
    ).resolves.toMatchObject({
      results: [{ targetId: "gcp/a" }],
      attempt: 2,
    });
    await expect(handler.run({}, ctx)).resolves.toMatchObject({ migrated: 0, results: [] });
  });
});

describe("splitLanes", () => {
  it("keeps dependent assets together and balances the lanes", () => {
    const assets = ["a", "b", "c", "d", "e"].map((id) => ({ id }));
    const { lanes, groups } = splitLanes(
      assets,
      [
        { from: "a", to: "b" },
        { from: "c", to: "b" },
      ],
      2,
    );
    expect(lanes.map((l) => l.assets.map((a) => a.id))).toEqual([
      ["a", "b", "c"],
      ["d", "e"],
    ]);
    expect(groups).toBe(3);
  });

  it("places every asset exactly once, and connected assets in the same lane", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 12 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.nat(Math.max(0, n - 1))), { maxLength: n }),
              fc.integer({ min: 1, max: 4 }),
            ),
          ),
        ([n, pairs, count]) => {
          const assets = Array.from({ length: n }, (_, i) => ({ id: `a${i}` }));
          const deps = n === 0 ? [] : pairs.map(([f, t]) => ({ from: `a${f}`, to: `a${t}` }));
          const { lanes } = splitLanes(assets, deps, count);
          expect(lanes).toHaveLength(count);
          const laneOf = new Map(lanes.flatMap((l) => l.assets.map((a) => [a.id as string, l.lane] as const)));
          expect(laneOf.size).toBe(n);
          for (const { from, to } of deps) expect(laneOf.get(from)).toBe(laneOf.get(to));
        },
      ),
    );
  });

  it("runs as a handler", async () => {
    const output = await createWaveLanesHandler().run({ assets: [{ id: "a" }], lanes: 2 }, {} as HandlerContext);
    expect(output).toMatchObject({
      lanes: [
        { lane: 1, size: 1 },
        { lane: 2, size: 0 },
      ],
    });
  });
});
