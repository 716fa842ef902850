/**
 * The statuses of an instance, once: every status from api.schema.json, and which of them are active (the
 * instance may still move: it runs, waits for an operator or a timer, or is paused). The runtime, the designer
 * and the client decide "is it over?" with isActive.
 */
import apiSchema from "../contract/api.schema.json" with { type: "json" };
import type { InstanceStatus } from "../generated/types.js";

/** Every instance status, in the schema's order. */
export const INSTANCE_STATUSES = apiSchema.$defs.instanceStatus.enum as readonly InstanceStatus[];

/** The statuses of an instance that has not ended. */
export const ACTIVE_STATUSES = ["running", "waiting", "paused"] as const satisfies readonly InstanceStatus[];

/** The statuses of an instance that has ended. */
export const ENDED_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly InstanceStatus[];

const active = new Set<string>(ACTIVE_STATUSES);

/** Whether an instance with this status may still change (running, waiting or paused). */
export const isActive = (status: string): status is (typeof ACTIVE_STATUSES)[number] => active.has(status);
