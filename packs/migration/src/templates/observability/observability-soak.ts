/**
 * Soak review: the metrics observed during the soak period against each service's SLO. A service passes when its
 * availability meets the target, its p95 latency stays within the objective and it spent no more of its error
 * budget than allowed; the verdict is go-live only when every service passes and every service was observed.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import type { Slo } from "./observability-slo.js";

export interface Observation {
  service: string;
  availability?: number;
  latencyP95Ms?: number;
  errorBudgetConsumedPercent?: number;
}

export interface ServiceReview {
  service: string;
  passed: boolean;
  breaches: string[];
}

export interface SoakReview {
  verdict: "go-live" | "fix";
  passed: number;
  failed: number;
  services: ServiceReview[];
}

export const DEFAULT_MAX_BUDGET_PERCENT = 50;

/** Reviews every SLO against its observation; a service with no observation fails ("not observed"). */
export function reviewSoak(
  slos: Slo[],
  observed: Observation[],
  maxBudgetPercent = DEFAULT_MAX_BUDGET_PERCENT,
): SoakReview {
  const byService = new Map(observed.map((o) => [o.service, o]));
  const services = slos.map((slo): ServiceReview => {
    const o = byService.get(slo.service);
    if (o === undefined) return { service: slo.service, passed: false, breaches: ["not observed during the soak"] };
    const breaches: string[] = [];
    if (o.availability !== undefined && o.availability < slo.availabilityTarget)
      breaches.push(`availability ${o.availability}% < target ${slo.availabilityTarget}%`);
    if (o.latencyP95Ms !== undefined && o.latencyP95Ms > slo.latencyP95Ms)
      breaches.push(`p95 latency ${o.latencyP95Ms} ms > objective ${slo.latencyP95Ms} ms`);
    if (o.errorBudgetConsumedPercent !== undefined && o.errorBudgetConsumedPercent > maxBudgetPercent)
      breaches.push(`error budget ${o.errorBudgetConsumedPercent}% spent > ${maxBudgetPercent}% allowed`);
    return { service: slo.service, passed: breaches.length === 0, breaches };
  });
  const passed = services.filter((s) => s.passed).length;
  return {
    verdict: passed === services.length ? "go-live" : "fix",
    passed,
    failed: services.length - passed,
    services,
  };
}

/** `soak-review`: { verdict, passed, failed, services }. */
export function createSoakReviewHandler(): Handler {
  return createPureHandler<{ slos: Slo[]; observed: Observation[]; maxBudgetPercent?: number }>(
    {
      name: "soak-review",
      title: "Soak review",
      description:
        "Compares the metrics observed during the soak with each service's SLO: availability at or above target, p95 latency within the objective, at most 50% of the error budget spent. Verdict go-live when every service passes, else fix. Output { verdict, passed, failed, services }.",
      category: "observability",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["slos", "observed"],
        properties: {
          slos: {
            type: "array",
            title: "SLOs",
            description: "e.g. =phases.monitoring.output.slos",
            items: { type: "object" },
          },
          observed: {
            type: "array",
            title: "Observed metrics",
            description: "per service, e.g. =input.soak.observed",
            items: {
              type: "object",
              required: ["service"],
              properties: {
                service: { type: "string" },
                availability: { type: "number", minimum: 0, maximum: 100 },
                latencyP95Ms: { type: "number", minimum: 0 },
                errorBudgetConsumedPercent: { type: "number", minimum: 0 },
              },
            },
          },
          maxBudgetPercent: {
            type: "number",
            minimum: 0,
            default: DEFAULT_MAX_BUDGET_PERCENT,
            title: "Max error budget spent (%)",
          },
        },
        additionalProperties: false,
      },
    },
    (params) => reviewSoak(params.slos, params.observed, params.maxBudgetPercent),
  );
}
