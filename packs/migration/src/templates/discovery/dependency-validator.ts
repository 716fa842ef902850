/**
 * The `dependency` validator: no dependency (a `{ from, to }` record or an asset's `dependsOn`) names an asset
 * that is not in the asset list. A dangling reference would silently drop out of wave planning.
 */
import type { Validator, ValidatorResult } from "@mfo/runtime/pack";
import { valueAtPath } from "@mfo/runtime/pack";
import { assetIdOf, collectDependencies, type Dependency } from "../../model/asset-inventory-model.js";
import { summarise } from "./asset-validator.js";

/** The dependencies among `dependencies` and the assets' `dependsOn` that name an unknown asset. */
export function danglingDependencies(assets: readonly unknown[], dependencies: readonly unknown[]): Dependency[] {
  const known = new Set(assets.map(assetIdOf).filter((id): id is string => id !== undefined));
  return collectDependencies(assets, dependencies).filter((d) => !known.has(d.from) || !known.has(d.to));
}

export function createDependencyValidator(): Validator {
  return {
    entry: {
      name: "dependency",
      title: "No dangling dependencies",
      description: "Fails when a dependency (or an asset's dependsOn) names an asset that is not in the asset list.",
      category: "migration",
      paramsSchema: {
        type: "object",
        properties: {
          assetsPath: {
            title: "Assets path",
            description: "Dot path of the asset list in the phase output",
            type: "string",
            default: "assets",
          },
          dependenciesPath: {
            title: "Dependencies path",
            description: "Dot path of the { from, to } list in the phase output (may be absent)",
            type: "string",
            default: "dependencies",
          },
        },
        additionalProperties: false,
      },
    },
    async check(output, params): Promise<ValidatorResult> {
      const assetsPath = typeof params.assetsPath === "string" ? params.assetsPath : "assets";
      const dependenciesPath = typeof params.dependenciesPath === "string" ? params.dependenciesPath : "dependencies";
      const assets = valueAtPath(output, assetsPath);
      if (!Array.isArray(assets)) return { ok: false, message: `no asset list at "${assetsPath}"` };
      const dependencies = valueAtPath(output, dependenciesPath) ?? [];
      if (!Array.isArray(dependencies)) return { ok: false, message: `"${dependenciesPath}" is not a list` };
      let dangling: Dependency[];
      try {
        dangling = danglingDependencies(assets, dependencies);
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
      if (dangling.length === 0) return { ok: true };
      const problems = dangling.map((d) => `${d.from} -> ${d.to}`);
      return { ok: false, message: `${dangling.length} dangling dependenc(ies): ${summarise(problems)}` };
    },
  };
}
