/**
 * The `dependency-graph` handler: builds the dependency graph of assets, finds its cycles (strongly connected
 * components, which must move together as one move group) and packs the move groups into waves in
 * topological order: a group lands in a wave after every group it depends on, in the first wave with room
 * for it under `maxWaveSize`. So every dependency points to an earlier wave, or to the same wave only within
 * a cyclic group. Dependencies naming unknown assets are left out of the plan and reported as dangling.
 */
import type { Handler } from "@mfo/runtime/pack";
import { invalidParams } from "@mfo/runtime/pack";
import { asList, assetIdOf, collectDependencies, type Dependency, positiveIntParam } from "./asset-inventory-model.js";

export interface MoveGroup {
  id: string;
  assets: string[];
  /** Move groups this one depends on. */
  dependsOn: string[];
  cyclic: boolean;
}

export interface Wave {
  wave: number;
  assets: string[];
  moveGroups: string[];
  size: number;
}

export interface WavePlan {
  stats: {
    assets: number;
    dependencies: number;
    dangling: number;
    moveGroups: number;
    cycles: number;
    waves: number;
    largestWave: number;
  };
  cycles: string[][];
  moveGroups: MoveGroup[];
  waves: Wave[];
  /** Assets in migration order (waves in turn). */
  order: string[];
  waveOf: Record<string, number>;
  dangling: Dependency[];
}

/** Strongly connected components of a directed graph (Tarjan, iterative), each sorted, in discovery order. */
export function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const frames: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: string; next: number };
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push({ node: target, next: 0 });
        } else if (onStack.has(target))
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
    }
  }
  return components;
}

/** The wave plan of `assets` (ids) under `dependencies` (see the module header). */
export function planWaves(
  assets: readonly string[],
  dependencies: readonly Dependency[],
  maxWaveSize = Number.POSITIVE_INFINITY,
): WavePlan {
  const ids = [...new Set(assets)].sort();
  const known = new Set(ids);
  const dangling = dependencies.filter((d) => !known.has(d.from) || !known.has(d.to));
  const valid = dependencies.filter((d) => known.has(d.from) && known.has(d.to) && d.from !== d.to);
  const edges = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { from, to } of valid) edges.get(from)?.push(to);
  for (const list of edges.values()) list.sort();

  const components = stronglyConnected(ids, edges).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
  const groupOf = new Map<string, number>();
  components.forEach((members, g) => {
    for (const id of members) groupOf.set(id, g);
  });
  const needs = components.map(() => new Set<number>());
  for (const { from, to } of valid) {
    const [gf, gt] = [groupOf.get(from) as number, groupOf.get(to) as number];
    if (gf !== gt) needs[gf]?.add(gt);
  }

  // Kahn's algorithm over the groups, smallest group index first, so the plan is deterministic.
  const waiting = needs.map((set) => set.size);
  const dependents = components.map(() => [] as number[]);
  needs.forEach((set, g) => {
    for (const d of set) dependents[d]?.push(g);
  });
  const ready = waiting.flatMap((n, g) => (n === 0 ? [g] : []));
  const waveOfGroup = new Map<number, number>();
  const load: number[] = [];
  const waveGroups: number[][] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const g = ready.shift() as number;
    const size = components[g]?.length ?? 0;
    let wave = Math.max(0, ...[...(needs[g] ?? [])].map((d) => (waveOfGroup.get(d) as number) + 1));
    while ((load[wave] ?? 0) > 0 && (load[wave] ?? 0) + size > maxWaveSize) wave++;
    waveOfGroup.set(g, wave);
    load[wave] = (load[wave] ?? 0) + size;
    waveGroups[wave] = [...(waveGroups[wave] ?? []), g];
    for (const next of dependents[g] ?? []) {
      const left = (waiting[next] as number) - 1;
      waiting[next] = left;
      if (left === 0) ready.push(next);
    }
  }

  const groupId = (g: number) => `g${g + 1}`;
  const waves: Wave[] = waveGroups
    .filter((list) => list !== undefined)
    .map((list, i) => {
      const members = list.flatMap((g) => components[g] ?? []);
      return { wave: i + 1, assets: members, moveGroups: list.map(groupId), size: members.length };
    });
  const waveOf: Record<string, number> = {};
  for (const wave of waves) for (const id of wave.assets) waveOf[id] = wave.wave;
  const moveGroups = components.map((members, g) => ({
    id: groupId(g),
    assets: members,
    dependsOn: [...(needs[g] ?? [])].sort((a, b) => a - b).map(groupId),
    cyclic: members.length > 1,
  }));
  const cycles = components.filter((members) => members.length > 1);
  return {
    stats: {
      assets: ids.length,
      dependencies: valid.length,
      dangling: dangling.length,
      moveGroups: components.length,
      cycles: cycles.length,
      waves: waves.length,
      largestWave: Math.max(0, ...waves.map((w) => w.size)),
    },
    cycles,
    moveGroups,
    waves,
    order: waves.flatMap((w) => w.assets),
    waveOf,
    dangling,
  };
}

/** Asset ids from `params.assets` (records with an id, or ids). */
export function assetIds(value: unknown): string[] {
  return asList(value).map((asset, i) => {
    const id = assetIdOf(asset);
    if (id === undefined) throw invalidParams(`params.assets[${i}] has no id`);
    return id;
  });
}

export function createDependencyGraphHandler(): Handler {
  return {
    entry: {
      name: "dependency-graph",
      title: "Dependency graph and waves",
      description:
        "Builds the asset dependency graph, reports cycles (cyclic assets form one move group), and packs move groups into migration waves in topological order under a maximum wave size.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["assets"],
        properties: {
          assets: {
            title: "Assets",
            description: "Assets (objects with an id, optionally dependsOn) or asset ids, e.g. =input.assets",
            type: "array",
          },
          dependencies: {
            title: "Dependencies",
            description: "Records { from, to }: from depends on to, so to moves no later than from",
            type: "array",
            items: {
              type: "object",
              required: ["from", "to"],
              properties: { from: { type: "string" }, to: { type: "string" } },
            },
          },
          maxWaveSize: {
            title: "Maximum wave size",
            description: "Most assets per wave; a cyclic group larger than this gets a wave of its own",
            type: "integer",
            minimum: 1,
            default: 10,
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const assets = asList(params.assets);
      const dependencies = collectDependencies(assets, asList(params.dependencies));
      return planWaves(assetIds(assets), dependencies, positiveIntParam(params, "maxWaveSize", 10));
    },
  };
}
