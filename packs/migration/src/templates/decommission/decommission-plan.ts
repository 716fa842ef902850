/**
 * The `decommission-plan` handler: which of the systems asked for can be retired now. A system is blocked
 * while something that stays depends on it; a blocked system stays too, so whatever it depends on among the
 * candidates is blocked in turn (worked out to a fixed point). Blocked systems are deferred with their blockers.
 */
import type { Handler } from "@mfo/runtime/pack";
import { invalidParams } from "@mfo/runtime/pack";
import {
  asList,
  assetIdOf,
  collectDependencies,
  type Dependency,
  recordsParam,
} from "../../model/asset-inventory-model.js";

export interface DecommissionPlan {
  retire: Record<string, unknown>[];
  /** Dependencies among the systems retired (what the shutdown order honours). */
  dependencies: Dependency[];
  deferred: Array<{ id: string; blockedBy: string[] }>;
  unknown: string[];
  counts: { requested: number; retire: number; deferred: number; unknown: number };
}

/** The plan for retiring `systems` (ids) out of `assets` under `dependencies` (see the module header). */
export function planDecommission(
  systems: readonly string[],
  assets: readonly Record<string, unknown>[],
  dependencies: readonly Dependency[],
): DecommissionPlan {
  const byId = new Map(assets.flatMap((a) => (typeof a.id === "string" ? [[a.id, a] as const] : [])));
  const requested = [...new Set(systems)];
  const unknown = requested.filter((id) => !byId.has(id));
  const candidates = new Set(requested.filter((id) => byId.has(id)));
  const blockedBy = new Map<string, Set<string>>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const { from, to } of dependencies) {
      // `from` needs `to`: if `from` stays (not a candidate, or blocked), `to` must stay as well.
      const fromStays = !candidates.has(from) || blockedBy.has(from);
      if (!candidates.has(to) || !fromStays || from === to) continue;
      const set = blockedBy.get(to) ?? new Set<string>();
      if (!set.has(from)) {
        set.add(from);
        blockedBy.set(to, set);
        changed = true;
      }
    }
  }
  const retiring = [...candidates].filter((id) => !blockedBy.has(id)).sort();
  const retiringSet = new Set(retiring);
  return {
    retire: retiring.map((id) => byId.get(id) as Record<string, unknown>),
    dependencies: dependencies.filter((d) => retiringSet.has(d.from) && retiringSet.has(d.to)),
    deferred: [...blockedBy.entries()]
      .map(([id, set]) => ({ id, blockedBy: [...set].sort() }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    unknown,
    counts: {
      requested: requested.length,
      retire: retiring.length,
      deferred: blockedBy.size,
      unknown: unknown.length,
    },
  };
}

export function createDecommissionPlanHandler(): Handler {
  return {
    entry: {
      name: "decommission-plan",
      title: "Decommission plan",
      description:
        "Decides which systems can be retired: a system something else still depends on is deferred with its blockers, and so is whatever a deferred system depends on.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["systems", "assets"],
        properties: {
          systems: {
            title: "Systems to retire",
            description: "Asset ids, e.g. =input.systems",
            type: "array",
            items: { type: "string" },
          },
          assets: {
            title: "Estate",
            description: "Every asset { id, dependsOn?, dataGb?, dataClass? }, retired or not",
            type: "array",
            items: { type: "object" },
          },
          dependencies: {
            title: "Dependencies",
            description: "Records { from, to }: from depends on to",
            type: "array",
            items: { type: "object", required: ["from", "to"] },
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const systems = asList(params.systems).map((s, i) => {
        const id = assetIdOf(s);
        if (id === undefined) throw invalidParams(`params.systems[${i}] is not an asset id`);
        return id;
      });
      const assets = recordsParam(params, "assets");
      return planDecommission(systems, assets, collectDependencies(assets, asList(params.dependencies)));
    },
  };
}
