/**
 * @mfo/pack-migration: the migration product on the generic runtime. Its default export is the pack the
 * runtime loads (MFO_PACKS names it by default): the domain handlers and validators, and the eight templates
 * from discovery to decommission, each in its folder under templates/ with the code mostly its own.
 */
import type { Pack } from "@mfo/runtime/pack";
import { createOperationsHandlers, createOperationsValidators } from "./operations-handlers.js";
import { createStrategyHandlers } from "./strategy-handlers.js";
import { templates } from "./templates/templates.js";

/** A fresh migration pack: new handler and validator instances, the templates as shipped. */
export function createMigrationPack(): Pack {
  return {
    name: "migration",
    handlers: [...createStrategyHandlers(), ...createOperationsHandlers()],
    validators: createOperationsValidators(),
    templates,
  };
}

const migrationPack = createMigrationPack();

export { migrationPack };
export default migrationPack;
