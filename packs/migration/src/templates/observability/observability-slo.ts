/**
 * Monitoring setup: service level objectives and the metrics to collect for each service, from its tier and
 * kind. Availability targets and latency objectives default by tier; a service may state its own.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler, domainError } from "@mfo/runtime/pack";

export type Tier = "critical" | "standard" | "internal";
export type ServiceKind = "http" | "worker" | "database";

export interface Service {
  name: string;
  tier?: Tier;
  kind?: ServiceKind;
  availabilityTarget?: number;
  latencyP95Ms?: number;
}

export interface Slo {
  service: string;
  tier: Tier;
  kind: ServiceKind;
  /** Percent of good minutes/requests over the window, e.g. 99.9. */
  availabilityTarget: number;
  latencyP95Ms: number;
  windowDays: number;
  /** Minutes of unavailability the target allows over the window. */
  errorBudgetMinutes: number;
  metrics: string[];
}

export const TIER_DEFAULTS: Record<Tier, { availabilityTarget: number; latencyP95Ms: number }> = {
  critical: { availabilityTarget: 99.95, latencyP95Ms: 300 },
  standard: { availabilityTarget: 99.9, latencyP95Ms: 500 },
  internal: { availabilityTarget: 99.5, latencyP95Ms: 1000 },
};

export const METRICS: Record<ServiceKind, string[]> = {
  http: ["http_requests_total", "http_request_errors_total", "http_request_duration_seconds"],
  worker: ["jobs_processed_total", "jobs_failed_total", "job_duration_seconds", "queue_depth"],
  database: ["db_connections", "db_query_duration_seconds", "db_replication_lag_seconds", "db_errors_total"],
};

/** One SLO per service (names must be unique), in input order. */
export function planSlos(services: Service[], windowDays = 30): Slo[] {
  const seen = new Set<string>();
  return services.map((s) => {
    if (seen.has(s.name)) throw domainError(`service "${s.name}" is listed twice`, "duplicate-service");
    seen.add(s.name);
    const tier = s.tier ?? "standard";
    const kind = s.kind ?? "http";
    const availabilityTarget = s.availabilityTarget ?? TIER_DEFAULTS[tier].availabilityTarget;
    return {
      service: s.name,
      tier,
      kind,
      availabilityTarget,
      latencyP95Ms: s.latencyP95Ms ?? TIER_DEFAULTS[tier].latencyP95Ms,
      windowDays,
      errorBudgetMinutes: Math.round(((100 - availabilityTarget) / 100) * windowDays * 24 * 60 * 10) / 10,
      metrics: METRICS[kind],
    };
  });
}

/** JSON Schema of the services list (the observability template's input uses the same shape). */
export const servicesSchema = {
  type: "array",
  title: "Services",
  description: "e.g. =input.services",
  minItems: 1,
  items: {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string", minLength: 1, title: "Name" },
      tier: { type: "string", enum: ["critical", "standard", "internal"], default: "standard", title: "Tier" },
      kind: { type: "string", enum: ["http", "worker", "database"], default: "http", title: "Kind" },
      availabilityTarget: {
        type: "number",
        exclusiveMinimum: 0,
        exclusiveMaximum: 100,
        title: "Availability target (%)",
      },
      latencyP95Ms: { type: "number", exclusiveMinimum: 0, title: "Latency p95 objective (ms)" },
    },
  },
} as const;

/** `slo-plan`: { slos } with error budgets and metrics per service. */
export function createSloPlanHandler(): Handler {
  return createPureHandler<{ services: Service[]; windowDays?: number }>(
    {
      name: "slo-plan",
      title: "SLO plan",
      description:
        "Service level objectives and metrics per service: availability target by tier (critical 99.95%, standard 99.9%, internal 99.5%) unless given, latency p95 objective (300/500/1000 ms), error budget in minutes over the window, metrics by kind. Output { slos }.",
      category: "observability",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["services"],
        properties: {
          services: servicesSchema,
          windowDays: { type: "integer", minimum: 1, maximum: 365, default: 30, title: "SLO window (days)" },
        },
        additionalProperties: false,
      },
    },
    (params) => ({ slos: planSlos(params.services, params.windowDays) }),
  );
}
