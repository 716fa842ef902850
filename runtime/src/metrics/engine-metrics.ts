/**
 * Counters and histograms of the engine's work, fed by its observer once per committed transition (so a
 * transition that lost a race is never counted): instances created, phase runs and their durations, retries,
 * failures. Every series carries the tenant it belongs to, so a scrape can be limited to one tenant.
 */
import { Counter, Histogram, type Registry } from "prom-client";
import type { CommittedChange, EngineObserver } from "../engine/types.js";

/** Phase runs last from milliseconds (pure transforms) to days (manual phases, subflows). */
const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

/** Builds the engine's metrics in `registry` and returns the observer that feeds them. */
export function createEngineMetrics(registry: Registry, onError: (error: unknown) => void): EngineObserver {
  const registers = [registry];
  const created = new Counter({
    name: "mfo_instances_created_total",
    help: "Flow instances created (subflow children included), by tenant and flow type.",
    labelNames: ["tenant", "flow_type"],
    registers,
  });
  const steps = new Counter({
    name: "mfo_steps_total",
    help: "Phase and subflow runs that finished for good (after their retries), by outcome.",
    labelNames: ["tenant", "flow_type", "phase", "outcome"],
    registers,
  });
  const duration = new Histogram({
    name: "mfo_step_duration_seconds",
    help: "Duration of the phase and subflow runs counted in mfo_steps_total, from the last attempt's start.",
    labelNames: ["tenant", "flow_type", "phase"],
    buckets: STEP_BUCKETS,
    registers,
  });
  const retries = new Counter({
    name: "mfo_step_retries_total",
    help: "Phase attempts that failed and were scheduled to run again.",
    labelNames: ["tenant", "flow_type", "phase"],
    registers,
  });
  const failures = new Counter({
    name: "mfo_node_failures_total",
    help: "Nodes that failed for good: phases and subflows out of attempts, decisions without a branch, bad waits.",
    labelNames: ["tenant", "flow_type", "node"],
    registers,
  });

  const count = (change: Pick<CommittedChange, "row" | "events" | "phaseRuns">): void => {
    const base = { tenant: change.row.tenantId, flow_type: change.row.flowTypeId };
    for (const event of change.events) {
      if (event.type === "instance.created") created.inc(base);
      else if (event.type === "node.retrying") retries.inc({ ...base, phase: event.nodeId ?? "" });
      else if (event.type === "node.failed") failures.inc({ ...base, node: event.nodeId ?? "" });
    }
    for (const run of change.phaseRuns) {
      steps.inc({ ...base, phase: run.nodeId, outcome: run.status });
      const seconds = Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
      duration.observe({ ...base, phase: run.nodeId }, seconds);
    }
  };

  return {
    committed(change) {
      // Counting must never disturb the engine: the transition is already committed.
      try {
        count(change);
        for (const child of change.children) count({ row: child.record, events: child.events, phaseRuns: [] });
      } catch (error) {
        onError(error);
      }
    },
  };
}
