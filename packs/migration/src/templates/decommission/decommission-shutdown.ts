/**
 * The `decommission-shutdown` handler: the order to switch retiring systems off. A system goes down before
 * the systems it depends on (the reverse of migration waves); systems in a dependency cycle go down together
 * in one step.
 */
import type { Handler } from "@mfo/runtime/pack";
import { asList, collectDependencies, type Dependency } from "../../model/asset-inventory-model.js";
import { assetIds, planWaves } from "../../model/dependency-graph.js";

export interface ShutdownPlan {
  steps: Array<{ step: number; systems: string[] }>;
  order: string[];
  cycles: string[][];
}

/** Shutdown steps of `systems` under `dependencies`: dependents first, their dependencies after. */
export function shutdownOrder(systems: readonly string[], dependencies: readonly Dependency[]): ShutdownPlan {
  const plan = planWaves(systems, dependencies);
  const steps = [...plan.waves].reverse().map((wave, i) => ({ step: i + 1, systems: wave.assets }));
  return { steps, order: steps.flatMap((s) => s.systems), cycles: plan.cycles };
}

export function createDecommissionShutdownHandler(): Handler {
  return {
    entry: {
      name: "decommission-shutdown",
      title: "Shutdown sequence",
      description:
        "Orders the shutdown of retiring systems so that each goes down before the systems it depends on; cyclic systems go down together.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["systems"],
        properties: {
          systems: {
            title: "Systems",
            description: "Retiring systems (objects with an id, or ids), e.g. =phases.planning.output.retire",
            type: "array",
          },
          dependencies: {
            title: "Dependencies",
            description: "Records { from, to } among them: from depends on to",
            type: "array",
            items: { type: "object", required: ["from", "to"] },
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const systems = asList(params.systems);
      return shutdownOrder(assetIds(systems), collectDependencies(systems, asList(params.dependencies)));
    },
  };
}
