/**
 * The eight migration templates, in the order they are published: by name, as the runtime published its
 * templates folder before packs, so that modernize finds assessment (its subflow) already there. Each
 * template's input schema carries a sample input in `examples`, which the designer's run dialog offers.
 */
import type { PackTemplate } from "@mfo/runtime/pack";
import assessment from "./assessment/assessment.json" with { type: "json" };
import decommission from "./decommission/decommission.json" with { type: "json" };
import discovery from "./discovery/discovery.json" with { type: "json" };
import execution from "./execution/execution.json" with { type: "json" };
import finops from "./finops/finops.json" with { type: "json" };
import modernize from "./modernize/modernize.json" with { type: "json" };
import observability from "./observability/observability.json" with { type: "json" };
import planning from "./planning/planning.json" with { type: "json" };

const definitions = { assessment, decommission, discovery, execution, finops, modernize, observability, planning };

/** The templates as the pack hands them to the runtime, each named by its file in this folder. */
export const templates: PackTemplate[] = Object.entries(definitions).map(([id, definition]) => ({
  file: `templates/${id}/${id}.json`,
  definition,
}));
