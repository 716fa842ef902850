/**
 * The `wave-lanes` handler: splits a wave's assets into parallel lanes. Assets connected by a dependency stay
 * in one lane (so a lane migrates them in order and no lane waits for another); the connected groups are
 * spread largest first onto the least loaded lane.
 */
import type { Handler } from "@mfo/runtime/pack";
import { asList, collectDependencies, positiveIntParam, recordsParam } from "../../model/asset-inventory-model.js";

export interface Lane {
  lane: number;
  assets: Record<string, unknown>[];
  size: number;
}

/** `lanes` lanes (some may be empty) holding every asset once. */
export function splitLanes(
  assets: readonly Record<string, unknown>[],
  dependencies: ReadonlyArray<{ from: string; to: string }>,
  lanes: number,
): { lanes: Lane[]; groups: number } {
  const ids = assets.map((a, i) => (typeof a.id === "string" ? a.id : `#${i}`));
  const position = new Map(ids.map((id, i) => [id, i]));
  const parent = ids.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  for (const { from, to } of dependencies) {
    const [a, b] = [position.get(from), position.get(to)];
    if (a !== undefined && b !== undefined) parent[root(a)] = root(b);
  }
  const groups = new Map<number, number[]>();
  ids.forEach((_, i) => {
    groups.set(root(i), [...(groups.get(root(i)) ?? []), i]);
  });
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number));
  const out: Lane[] = Array.from({ length: lanes }, (_, i) => ({ lane: i + 1, assets: [], size: 0 }));
  for (const group of ordered) {
    const lane = out.reduce((best, l) => (l.size < best.size ? l : best));
    for (const i of group) lane.assets.push(assets[i] as Record<string, unknown>);
    lane.size += group.length;
  }
  return { lanes: out, groups: groups.size };
}

export function createWaveLanesHandler(): Handler {
  return {
    entry: {
      name: "wave-lanes",
      title: "Wave lanes",
      description:
        "Splits a wave's assets into parallel lanes, keeping assets connected by dependencies in one lane and balancing lane sizes.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["assets"],
        properties: {
          assets: {
            title: "Assets",
            description: "The wave's assets (objects with an id)",
            type: "array",
            items: { type: "object" },
          },
          dependencies: {
            title: "Dependencies",
            description: "Records { from, to } among the assets",
            type: "array",
            items: { type: "object", required: ["from", "to"] },
          },
          lanes: {
            title: "Lanes",
            description: "How many parallel lanes to fill",
            type: "integer",
            minimum: 1,
            default: 3,
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const assets = recordsParam(params, "assets");
      return splitLanes(
        assets,
        collectDependencies(assets, asList(params.dependencies)),
        positiveIntParam(params, "lanes", 3),
      );
    },
  };
}
