/**
 * The `asset` validator: every asset in the phase output has an id and a hostname, a known type and a known
 * platform, and no two assets share an id. Later phases key everything by id and plan by type and platform.
 */
import type { Validator, ValidatorResult } from "@mfo/runtime/pack";
import { valueAtPath } from "@mfo/runtime/pack";
import { ASSET_TYPES, isRecord, PLATFORMS } from "../../model/asset-inventory-model.js";

/** Offenders named in a failure message; the rest are counted. */
const SHOWN = 5;

export interface AssetRules {
  types?: readonly string[];
  platforms?: readonly string[];
}

/** The problems of each asset ("web01: unknown type \"vm\""); empty when all are valid. */
export function assetProblems(assets: readonly unknown[], rules: AssetRules = {}): string[] {
  const types = rules.types ?? ASSET_TYPES;
  const platforms = rules.platforms ?? PLATFORMS;
  const problems: string[] = [];
  const ids = new Set<string>();
  assets.forEach((asset, i) => {
    if (!isRecord(asset)) {
      problems.push(`asset ${i}: not an object`);
      return;
    }
    const name = typeof asset.id === "string" && asset.id !== "" ? asset.id : `asset ${i}`;
    if (typeof asset.id !== "string" || asset.id === "") problems.push(`${name}: missing id`);
    else if (ids.has(asset.id)) problems.push(`${name}: duplicate id`);
    else ids.add(asset.id);
    if (typeof asset.hostname !== "string" || asset.hostname === "") problems.push(`${name}: missing hostname`);
    if (typeof asset.type !== "string" || !types.includes(asset.type))
      problems.push(`${name}: unknown type ${JSON.stringify(asset.type ?? null)}`);
    if (typeof asset.platform !== "string" || !platforms.includes(asset.platform))
      problems.push(`${name}: unknown platform ${JSON.stringify(asset.platform ?? null)}`);
  });
  return problems;
}

/** "a; b; c" or "a; b; ... and 7 more". */
export function summarise(problems: readonly string[]): string {
  const shown = problems.slice(0, SHOWN).join("; ");
  return problems.length > SHOWN ? `${shown}; ... and ${problems.length - SHOWN} more` : shown;
}

export function createAssetValidator(): Validator {
  return {
    entry: {
      name: "asset",
      title: "Valid assets",
      description: "Fails unless every asset has an id (unique) and a hostname, a known type and a known platform.",
      category: "migration",
      paramsSchema: {
        type: "object",
        properties: {
          path: {
            title: "Assets path",
            description: "Dot path of the asset list in the phase output",
            type: "string",
            default: "assets",
          },
          types: {
            title: "Known types",
            description: "Asset types accepted",
            type: "array",
            items: { type: "string" },
            default: [...ASSET_TYPES],
          },
          platforms: {
            title: "Known platforms",
            description: "Platforms accepted",
            type: "array",
            items: { type: "string" },
            default: [...PLATFORMS],
          },
        },
        additionalProperties: false,
      },
    },
    async check(output, params): Promise<ValidatorResult> {
      const path = typeof params.path === "string" ? params.path : "assets";
      const assets = valueAtPath(output, path);
      if (!Array.isArray(assets)) return { ok: false, message: `no asset list at "${path}"` };
      const strings = (v: unknown) =>
        Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : undefined;
      const rules: AssetRules = {};
      const types = strings(params.types);
      const platforms = strings(params.platforms);
      if (types) rules.types = types;
      if (platforms) rules.platforms = platforms;
      const problems = assetProblems(assets, rules);
      return problems.length === 0
        ? { ok: true }
        : { ok: false, message: `${problems.length} asset problem(s): ${summarise(problems)}` };
    },
  };
}
