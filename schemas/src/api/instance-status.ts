/**
 * The statuses of an instance, once: every status from api.schema.json, and which of them are active (the
 * instance may still move: it runs, waits for an operator or a timer, or is paused), held (it has not ended, but
 * nothing moves it until an operator resumes or cancels it) or ended. The runtime, the designer and the client
 * decide "may it still move?" with isActive and "is it over?" with isEnded.
 */
import apiSchema from "../contract/api.schema.json" with { type: "json" };
import type { InstanceStatus } from "../generated/types.js";

/** Every instance status, in the schema's order. */
export const INSTANCE_STATUSES = apiSchema.$defs.instanceStatus.enum as readonly InstanceStatus[];

/** The statuses of an instance that has not ended. */
export const ACTIVE_STATUSES = ["running", "waiting", "paused"] as const satisfies readonly InstanceStatus[];

/**
 * The statuses of an instance that has not ended but is held until an operator acts: quarantined (a step was
 * interrupted by a crash too many times in a row, so it is no longer picked up).
 */
export const HELD_STATUSES = ["quarantined"] as const satisfies readonly InstanceStatus[];

/** The statuses of an instance that has ended. */
export const ENDED_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly InstanceStatus[];

const active = new Set<string>(ACTIVE_STATUSES);
const ended = new Set<string>(ENDED_STATUSES);

/** Whether an instance with this status may still change (running, waiting or paused). */
export const isActive = (status: string): status is (typeof ACTIVE_STATUSES)[number] => active.has(status);

/** Whether an instance with this status has ended (completed, failed or cancelled); a held one has not. */
export const isEnded = (status: string): status is (typeof ENDED_STATUSES)[number] => ended.has(status);
