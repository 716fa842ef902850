/**
 * The operations group's domain handlers and validators (discovery, planning, execution, decommission), part
 * of the migration pack (index.ts).
 */
import type { Handler, Validator } from "@mfo/runtime/pack";
import { createDependencyGraphHandler } from "./model/dependency-graph.js";
import { createDecommissionArchiveHandler } from "./templates/decommission/decommission-archive.js";
import { createDecommissionPlanHandler } from "./templates/decommission/decommission-plan.js";
import { createDecommissionShutdownHandler } from "./templates/decommission/decommission-shutdown.js";
import { createAssetInventoryHandler } from "./templates/discovery/asset-inventory.js";
import { createAssetValidator } from "./templates/discovery/asset-validator.js";
import { createDependencyValidator } from "./templates/discovery/dependency-validator.js";
import { createFieldMappingHandler } from "./templates/discovery/field-mapping.js";
import { createFieldMappingValidator } from "./templates/discovery/field-mapping-validator.js";
import { createMigrateWaveHandler } from "./templates/execution/migrate-wave.js";
import { createWaveLanesHandler } from "./templates/execution/migrate-wave-lanes.js";
import { createResourcePlanHandler } from "./templates/planning/resource-plan.js";
import { createTimelineHandler } from "./templates/planning/timeline.js";

/** Fresh instances of the operations handlers. */
export function createOperationsHandlers(): Handler[] {
  return [
    createFieldMappingHandler(),
    createAssetInventoryHandler(),
    createDependencyGraphHandler(),
    createResourcePlanHandler(),
    createTimelineHandler(),
    createWaveLanesHandler(),
    createMigrateWaveHandler(),
    createDecommissionPlanHandler(),
    createDecommissionArchiveHandler(),
    createDecommissionShutdownHandler(),
  ];
}

/** Fresh instances of the operations validators. */
export function createOperationsValidators(): Validator[] {
  return [createFieldMappingValidator(), createAssetValidator(), createDependencyValidator()];
}
