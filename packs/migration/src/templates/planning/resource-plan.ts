/**
 * The `resource-plan` handler: people and days per migration wave. Each asset costs person-days by its
 * complexity; a wave is staffed to finish its work in about `targetDays` (never more than `maxPeople`), and
 * takes that work time plus a cutover window.
 */
import type { Handler } from "@mfo/runtime/pack";
import { invalidParams } from "@mfo/runtime/pack";
import { COMPLEXITIES, isRecord, positiveIntParam, recordsParam } from "../../model/asset-inventory-model.js";

export interface ResourceOptions {
  effortDays: Record<string, number>;
  maxPeople: number;
  targetDays: number;
  cutoverDays: number;
}

export interface WaveResources {
  wave: number;
  assets: number;
  byComplexity: Record<string, number>;
  effortDays: number;
  people: number;
  durationDays: number;
}

export interface ResourcePlan {
  waves: WaveResources[];
  totals: { assets: number; effortDays: number; durationDays: number; peakPeople: number };
}

export const DEFAULT_EFFORT_DAYS = { low: 2, medium: 5, high: 10 };

/** The resources of each wave; an asset of unknown or unset complexity counts as medium. */
export function planResources(
  waves: ReadonlyArray<{ wave: number; assets: readonly string[] }>,
  complexityOf: (id: string) => string | undefined,
  options: ResourceOptions,
): ResourcePlan {
  const planned = waves.map(({ wave, assets }) => {
    const byComplexity: Record<string, number> = { low: 0, medium: 0, high: 0 };
    let effortDays = 0;
    for (const id of assets) {
      const given = complexityOf(id);
      const complexity = given !== undefined && given in options.effortDays ? given : "medium";
      byComplexity[complexity] = (byComplexity[complexity] ?? 0) + 1;
      effortDays += options.effortDays[complexity] ?? 0;
    }
    const people = effortDays === 0 ? 0 : Math.min(options.maxPeople, Math.ceil(effortDays / options.targetDays));
    const workDays = people === 0 ? 0 : Math.ceil(effortDays / people);
    return {
      wave,
      assets: assets.length,
      byComplexity,
      effortDays,
      people,
      durationDays: workDays + options.cutoverDays,
    };
  });
  return {
    waves: planned,
    totals: {
      assets: planned.reduce((sum, w) => sum + w.assets, 0),
      effortDays: planned.reduce((sum, w) => sum + w.effortDays, 0),
      durationDays: planned.reduce((sum, w) => sum + w.durationDays, 0),
      peakPeople: Math.max(0, ...planned.map((w) => w.people)),
    },
  };
}

export function createResourcePlanHandler(): Handler {
  return {
    entry: {
      name: "resource-plan",
      title: "Resource plan",
      description:
        "People and days per migration wave: person-days per asset by complexity, staffed to finish each wave in about the target days, plus a cutover window.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["waves"],
        properties: {
          waves: {
            title: "Waves",
            description: "Waves { wave, assets: [ids] }, e.g. =phases.`wave-planning`.output.waves",
            type: "array",
            items: { type: "object", required: ["wave", "assets"] },
          },
          assets: {
            title: "Assets",
            description: "Assets { id, complexity: low | medium | high }; unknown ones count as medium",
            type: "array",
            items: { type: "object" },
          },
          effortDays: {
            title: "Effort per asset (person-days)",
            description: "Person-days to migrate one asset, by complexity",
            type: "object",
            properties: Object.fromEntries(COMPLEXITIES.map((c) => [c, { type: "number", minimum: 0 }])),
            additionalProperties: false,
            default: DEFAULT_EFFORT_DAYS,
          },
          maxPeople: {
            title: "Team size limit",
            description: "Most people on one wave",
            type: "integer",
            minimum: 1,
            default: 6,
          },
          targetDays: {
            title: "Target working days per wave",
            description: "Staff each wave to finish its work in about this many days",
            type: "integer",
            minimum: 1,
            default: 10,
          },
          cutoverDays: {
            title: "Cutover days",
            description: "Days added to each wave for cutover and hypercare",
            type: "integer",
            minimum: 0,
            default: 2,
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const waves = recordsParam(params, "waves").map((w, i) => {
        if (typeof w.wave !== "number" || !Array.isArray(w.assets))
          throw invalidParams(`waves[${i}] needs wave and assets`);
        return { wave: w.wave, assets: w.assets.filter((a): a is string => typeof a === "string") };
      });
      const complexity = new Map<string, string>();
      for (const asset of recordsParam(params, "assets", false))
        if (typeof asset.id === "string" && typeof asset.complexity === "string")
          complexity.set(asset.id, asset.complexity);
      const effort = isRecord(params.effortDays) ? params.effortDays : {};
      const effortDays = { ...DEFAULT_EFFORT_DAYS };
      for (const c of COMPLEXITIES) if (typeof effort[c] === "number") effortDays[c] = effort[c] as number;
      const cutover = params.cutoverDays ?? 2;
      if (typeof cutover !== "number" || !Number.isInteger(cutover) || cutover < 0)
        throw invalidParams("params.cutoverDays must be a whole number of days");
      return planResources(waves, (id) => complexity.get(id), {
        effortDays,
        maxPeople: positiveIntParam(params, "maxPeople", 6),
        targetDays: positiveIntParam(params, "targetDays", 10),
        cutoverDays: cutover,
      });
    },
  };
}
