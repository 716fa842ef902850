/**
 * Turns stored records into the API's bodies (api.schema.json): instances, status, summaries, events. Records are
 * shown as stored, so sealed (sensitive) values are never opened here: they show as "[redacted]".
 */
import type {
  FlowDefinition,
  FlowEvent,
  Instance,
  InstanceStatusResponse,
  InstanceSummary,
  Progress,
} from "@mfo/schemas";
import { redactSealed } from "../crypto/redact.js";
import type { EventRow, InstanceRecord, InstanceSummaryRow } from "../store/instances/index.js";

/** A wait counts: a flow paused at its wait (or sleeping in it) has not done all its steps. */
const STEP_TYPES = new Set(["phase", "approval", "subflow", "wait"]);

/** Steps done of all steps (phases, approvals, subflows, waits); a completed flow counts as all done. */
export function progressOf(record: InstanceRecord, definition: FlowDefinition): Progress {
  const steps = definition.nodes.filter((n) => STEP_TYPES.has(n.type));
  if (record.status === "completed") return { done: steps.length, total: steps.length };
  const done = steps.filter((n) => record.context.phases[n.id]?.status === "completed").length;
  return { done, total: steps.length };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentInstance(record: InstanceRecord, definition: FlowDefinition): Instance {
  return {
    ...presentSummary(record),
    context: redactSealed(record.context),
    progress: progressOf(record, definition),
    lastError: record.lastError,
    parentId: record.parentId,
  };
}

export function presentStatus(record: InstanceRecord, definition: FlowDefinition): InstanceStatusResponse {
  return {
    id: record.id,
    status: record.status,
    currentNodes: record.currentNodes,
    progress: progressOf(record, definition),
    lastError: record.lastError,
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function presentSummary(record: InstanceSummaryRow): InstanceSummary {
  return {
    id: record.id,
    flowType: record.flowTypeId,
    version: record.version,
    name: record.name,
    status: record.status,
    currentNodes: record.currentNodes,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    finishedAt: iso(record.finishedAt),
  };
}

export function presentEvent(row: EventRow): FlowEvent {
  return {
    seq: row.seq,
    type: row.type,
    nodeId: row.nodeId,
    at: row.at.toISOString(),
    ...(row.data ? { data: row.data } : {}),
  };
}
