/**
 * The instances repository: instances with their events, timers and phase runs. Plain functions whose first
 * parameter is the executor (the database or a transaction); nothing of drizzle or the schema leaks out.
 *
 * - insert: insertStartedInstance (a new instance after its first pure steps), insertInstance (as started, with a
 *   "run now" timer)
 * - load: loadInstance, childrenOf, subflowDepth
 * - read: readInstance, readStatus, findByIdempotencyKey (the API's tenant-scoped reads, prepared)
 * - commit: commitInstance (one step as a plain InstanceCommit record, revision-checked, one statement)
 * - claim: claimDue (the claimed rows with their due timers), renewLease, releaseLease, leaseOf (the worker's leases)
 * - remove: softDeleteInstance
 * - attempts: attemptsOfNode, attemptsPage (the node data: node_attempts rows, GET /flows/:id/nodes/:nodeId)
 * - list: listInstances (a page, keyset cursor)
 * - events: eventsOf, eventsAfter, statusOrDeleted (history and live streams)
 * - analytics: queryAnalytics (counts, success rates, percentiles over a time range; GET /flows/analytics)
 * - statistics: instanceCounts, oldestDueTimer (what the database gauges of /metrics read)
 */

export { type AnalyticsRange, analyticsStatements, queryAnalytics } from "./analytics.js";
export { attemptsOfNode, attemptsPage, type NodeAttemptRow } from "./attempts.js";
export { claimDue, leaseOf, releaseLease, renewLease } from "./claim.js";
export { commitInstance } from "./commit.js";
export { eventsAfter, eventsOf, statusOrDeleted } from "./events.js";
export { insertInstance, insertStartedInstance } from "./insert.js";
export { type ListFilter, type ListPosition, listInstances } from "./list.js";
export { childrenOf, loadInstance, subflowDepth } from "./load.js";
export { findByIdempotencyKey, readInstance, readStatus, type StatusRow } from "./read.js";
export { softDeleteInstance } from "./remove.js";
export { instanceCounts, oldestDueTimer } from "./statistics.js";
export type {
  AuditRow,
  ClaimedInstance,
  DueTimer,
  EventRow,
  InstanceCommit,
  InstanceRecord,
  InstanceStart,
  InstanceSummaryRow,
  NewEvent,
  NewEventWait,
  NewInstance,
  NewNodeAttempt,
  NewPhaseRun,
  NewTimer,
  NodeAttemptStatus,
  TimerKind,
} from "./types.js";
