/**
 * The operations group's domain handlers and validators (discovery, planning, execution, decommission),
 * registered with the built-ins by createBuiltinHandlers and createBuiltinValidators.
 */
import type { Handler, Validator } from "../handlers/types.js";
import { createAssetInventoryHandler } from "./asset-inventory.js";
import { createAssetValidator } from "./asset-validator.js";
import { createDecommissionArchiveHandler } from "./decommission-archive.js";
import { createDecommissionPlanHandler } from "./decommission-plan.js";
import { createDecommissionShutdownHandler } from "./decommission-shutdown.js";
import { createDependencyGraphHandler } from "./dependency-graph.js";
import { createDependencyValidator } from "./dependency-validator.js";
import { createFieldMappingHandler } from "./field-mapping.js";
import { createFieldMappingValidator } from "./field-mapping-validator.js";
import { createMigrateWaveHandler } from "./migrate-wave.js";
import { createWaveLanesHandler } from "./migrate-wave-lanes.js";
import { createResourcePlanHandler } from "./resource-plan.js";
import { createTimelineHandler } from "./timeline.js";

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
