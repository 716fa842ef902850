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
import type { EventRow, InstanceRecord, InstanceSummaryRow, StatusRow } from "../store/instances/index.js";

/** A wait counts: a flow paused at its wait (or sleeping in it) has not done all its steps. */
const STEP_TYPES = new Set(["phase", "approval", "subflow", "wait"]);

/** The ids of a definition's steps, worked out once per definition (a published version never changes). */
const stepsOf = new WeakMap<FlowDefinition, readonly string[]>();
function stepIds(definition: FlowDefinition): readonly string[] {
  let ids = stepsOf.get(definition);
  if (!ids) {
    ids = definition.nodes.filter((n) => STEP_TYPES.has(n.type)).map((n) => n.id);
    stepsOf.set(definition, ids);
  }
  return ids;
}

/** Steps done of all steps (phases, approvals, subflows, waits); a completed flow counts as all done. */
export function progressOf(record: InstanceRecord, definition: FlowDefinition): Progress {
  return countProgress(record.status, definition, (id) => record.context.phases[id]?.status === "completed");
}

function countProgress(status: string, definition: FlowDefinition, completed: (id: string) => boolean): Progress {
  const steps = stepIds(definition);
  if (status === "completed") return { done: steps.length, total: steps.length };
  let done = 0;
  for (const id of steps) if (completed(id)) done++;
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

/** The status body from the lean status read (store/instances/read.ts): no context, only its completed nodes. */
export function presentStatus(row: StatusRow, definition: FlowDefinition): InstanceStatusResponse {
  const completed = new Set(row.completedNodes);
  return {
    id: row.id,
    status: row.status,
    currentNodes: row.currentNodes,
    progress: countProgress(row.status, definition, (id) => completed.has(id)),
    lastError: row.lastError,
    updatedAt: row.updatedAt.toISOString(),
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
    // Only on test runs: the published instances' bodies stay as they were.
    ...(record.testRevision !== null && record.testRevision !== undefined ? { testRevision: record.testRevision } : {}),
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
