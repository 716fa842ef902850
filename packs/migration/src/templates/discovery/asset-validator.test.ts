import type { HandlerContext } from "@mfo/runtime/pack";
import { describe, expect, it } from "vitest";
import { assetProblems, createAssetValidator } from "./asset-validator.js";
import { createDependencyValidator, danglingDependencies } from "./dependency-validator.js";

const ctx = {} as HandlerContext;
const asset = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  hostname: `${id}.example.com`,
  type: "server",
  platform: "linux",
  ...extra,
});

describe("the asset validator", () => {
  const validator = createAssetValidator();

  it("passes assets with an id, a hostname, a known type and a known platform", async () => {
    await expect(validator.check({ assets: [asset("a"), asset("b")] }, {}, ctx)).resolves.toEqual({ ok: true });
  });

  it("names every problem: missing fields, unknown type or platform, duplicate ids", () => {
    expect(
      assetProblems([
        asset("a"),
        asset("a"),
        { hostname: "h", type: "server", platform: "linux" },
        asset("b", { type: "toaster", platform: "unknown" }),
        "junk",
      ]),
    ).toEqual([
      "a: duplicate id",
      "asset 2: missing id",
      'b: unknown type "toaster"',
      'b: unknown platform "unknown"',
      "asset 4: not an object",
    ]);
  });

  it("reads the list at params.path, accepts custom types, and shortens long messages", async () => {
    await expect(
      validator.check(
        { inventory: { items: [asset("a", { type: "gizmo" })] } },
        { path: "inventory.items", types: ["gizmo"] },
        ctx,
      ),
    ).resolves.toEqual({ ok: true });
    const many = Array.from({ length: 8 }, (_, i) => asset(`x${i}`, { platform: "amiga" }));
    const verdict = await validator.check({ assets: many }, {}, ctx);
    expect(verdict).toMatchObject({ ok: false });
    expect(verdict.ok ? "" : verdict.message).toMatch(/^8 asset problem\(s\): .*\.\.\. and 3 more$/);
    await expect(validator.check({}, {}, ctx)).resolves.toEqual({ ok: false, message: 'no asset list at "assets"' });
  });
});

describe("the dependency validator", () => {
  const validator = createDependencyValidator();

  it("passes when every dependency names known assets", async () => {
    const output = { assets: [asset("a", { dependsOn: ["b"] }), asset("b")], dependencies: [{ from: "b", to: "a" }] };
    await expect(validator.check(output, {}, ctx)).resolves.toEqual({ ok: true });
  });

  it("reports dangling references from explicit records and from dependsOn", async () => {
    const assets = [asset("a", { dependsOn: ["ghost"] })];
    expect(danglingDependencies(assets, [{ from: "nobody", to: "a" }])).toEqual([
      { from: "nobody", to: "a" },
      { from: "a", to: "ghost" },
    ]);
    await expect(validator.check({ assets, dependencies: [] }, {}, ctx)).resolves.toEqual({
      ok: false,
      message: "1 dangling dependenc(ies): a -> ghost",
    });
  });

  it("fails malformed dependency records instead of throwing", async () => {
    await expect(validator.check({ assets: [], dependencies: [{ from: 1 }] }, {}, ctx)).resolves.toMatchObject({
      ok: false,
    });
    await expect(validator.check({ assets: [], dependencies: "x" }, {}, ctx)).resolves.toEqual({
      ok: false,
      message: '"dependencies" is not a list',
    });
  });
});
