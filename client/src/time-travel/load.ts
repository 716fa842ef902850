/** Loads what a timeline is built from: an instance's events, then every page of its node attempts. */
import type { FlowEvent, NodeAttempt } from "@mfo/schemas";
import type { FlowService } from "../rest/flow-service.js";
import type { CallOptions } from "../rest/transport.js";

/** Every node attempt of the instance, page after page (1000 a page), in the order recorded. */
export async function loadAttempts(service: FlowService, instanceId: string, o?: CallOptions): Promise<NodeAttempt[]> {
  const all: NodeAttempt[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.attempts(instanceId, { limit: 1000, ...(cursor ? { cursor } : {}) }, o);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * The events and attempts of an instance for a timeline. The events are read first: an attempt row is written by
 * the commit of the event that finished it, so the attempts read after hold the row of every node.completed read.
 */
export async function loadHistory(
  service: FlowService,
  instanceId: string,
  o?: CallOptions,
): Promise<{ events: FlowEvent[]; attempts: NodeAttempt[] }> {
  const events = (await service.events(instanceId, o)).items;
  const attempts = await loadAttempts(service, instanceId, o);
  return { events, attempts };
}
