/**
 * Logging and alerting setup from the SLOs: multi-window error-budget burn-rate alerts (a fast burn pages, a slow
 * burn opens a ticket), a latency alert at the p95 objective, and log retention and level by tier.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import type { Slo, Tier } from "./observability-slo.js";

export interface AlertRule {
  service: string;
  name: string;
  /** What is measured, in words an operator can map onto their monitoring tool. */
  condition: string;
  threshold: number;
  window: string;
  severity: "page" | "ticket";
}

export interface LogPolicy {
  service: string;
  retentionDays: number;
  level: "info" | "debug";
  structured: true;
}

export interface BurnRates {
  /** Burn rate that pages (14.4 spends 2% of a 30-day budget in an hour). */
  fast: number;
  /** Burn rate that opens a ticket (6 spends 5% in six hours). */
  slow: number;
}

export const DEFAULT_BURN_RATES: BurnRates = { fast: 14.4, slow: 6 };
export const RETENTION_DAYS: Record<Tier, number> = { critical: 90, standard: 30, internal: 14 };

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** Three alert rules and one log policy per SLO. */
export function planAlerting(
  slos: Slo[],
  burnRates: BurnRates = DEFAULT_BURN_RATES,
): { alerts: AlertRule[]; logging: LogPolicy[] } {
  const alerts = slos.flatMap((slo): AlertRule[] => {
    const budget = (100 - slo.availabilityTarget) / 100;
    return [
      {
        service: slo.service,
        name: `${slo.service}-error-budget-fast-burn`,
        condition: "error ratio",
        threshold: round4(budget * burnRates.fast),
        window: "1h and 5m",
        severity: "page",
      },
      {
        service: slo.service,
        name: `${slo.service}-error-budget-slow-burn`,
        condition: "error ratio",
        threshold: round4(budget * burnRates.slow),
        window: "6h and 30m",
        severity: "ticket",
      },
      {
        service: slo.service,
        name: `${slo.service}-latency-p95`,
        condition: "p95 latency (ms)",
        threshold: slo.latencyP95Ms,
        window: "15m",
        severity: slo.tier === "critical" ? "page" : "ticket",
      },
    ];
  });
  const logging = slos.map(
    (slo): LogPolicy => ({
      service: slo.service,
      retentionDays: RETENTION_DAYS[slo.tier],
      level: slo.tier === "internal" ? "debug" : "info",
      structured: true,
    }),
  );
  return { alerts, logging };
}

/** `alert-rules`: { alerts, logging } from an slo-plan output. */
export function createAlertRulesHandler(): Handler {
  return createPureHandler<{ slos: Slo[]; burnRates?: Partial<BurnRates> }>(
    {
      name: "alert-rules",
      title: "Alerting and logging",
      description:
        "From SLOs (an slo-plan output): error-budget burn-rate alerts (fast burn 14.4x over 1h pages, slow burn 6x over 6h opens a ticket), a p95 latency alert at the objective, and log retention by tier (critical 90, standard 30, internal 14 days). Output { alerts, logging }.",
      category: "observability",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["slos"],
        properties: {
          slos: {
            type: "array",
            title: "SLOs",
            description: "e.g. =phases.monitoring.output.slos",
            items: {
              type: "object",
              required: ["service", "tier", "availabilityTarget", "latencyP95Ms"],
              properties: {
                service: { type: "string" },
                tier: { type: "string", enum: ["critical", "standard", "internal"] },
                availabilityTarget: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 100 },
                latencyP95Ms: { type: "number", exclusiveMinimum: 0 },
              },
            },
          },
          burnRates: {
            type: "object",
            title: "Burn rates",
            properties: {
              fast: {
                type: "number",
                exclusiveMinimum: 0,
                default: DEFAULT_BURN_RATES.fast,
                title: "Fast burn (pages)",
              },
              slow: {
                type: "number",
                exclusiveMinimum: 0,
                default: DEFAULT_BURN_RATES.slow,
                title: "Slow burn (ticket)",
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    (params) => planAlerting(params.slos, { ...DEFAULT_BURN_RATES, ...params.burnRates }),
  );
}
