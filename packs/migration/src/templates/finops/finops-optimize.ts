/**
 * FinOps optimisation: per resource, remove what is idle, rightsize what is over-provisioned to the cheapest
 * instance type that still fits the observed peak at the target utilisation, and reserve (savings plan) what runs
 * steadily. Savings are quantified in minor units against the same cost model as `cost-estimate`.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import {
  estimateCost,
  fromMinor,
  HOURS_PER_MONTH,
  hoursPerMonthSchema,
  type PriceTable,
  priceTableSchema,
  type Resource,
  resourcesSchema,
  toMinor,
} from "./cost-estimate.js";

export interface UtilisedResource extends Resource {
  /** Peak CPU use over the observation window, in percent. */
  cpuPeak?: number;
  /** Peak memory use, in percent. */
  memoryPeak?: number;
}

export interface OptimisationPolicy {
  /** Below this CPU peak (%) a resource is idle: remove it. */
  idleCpuPeak: number;
  /** Below this CPU peak (%) a resource is over-provisioned: rightsize it. */
  rightsizeBelowPeak: number;
  /** The utilisation (%) a rightsized instance should peak at. */
  targetPeak: number;
  /** At or above these hours a month a resource is steady: reserve it. */
  steadyMinHours: number;
  /** Discount of a reservation or savings plan on compute, 0-1. */
  reservedDiscount: number;
}

export const DEFAULT_POLICY: OptimisationPolicy = {
  idleCpuPeak: 5,
  rightsizeBelowPeak: 40,
  targetPeak: 70,
  steadyMinHours: 700,
  reservedDiscount: 0.3,
};

export type Action = "remove-idle" | "rightsize" | "reserve";

export interface Recommendation {
  resourceId: string;
  team: string | null;
  action: Action;
  from: string | null;
  to: string | null;
  monthlySaving: number;
  reason: string;
}

export interface Optimisation {
  currency: string;
  recommendations: Recommendation[];
  totals: {
    currentMonthly: number;
    monthlySaving: number;
    optimisedMonthly: number;
    annualSaving: number;
    savingPercent: number;
  };
}

/** The cheapest listed type with enough vCPUs and memory that is cheaper than `current`, if any. */
function smallerType(prices: PriceTable, current: string, vcpu: number, memoryGb: number | null): string | null {
  const now = prices.instances[current];
  let best: string | null = null;
  for (const [type, p] of Object.entries(prices.instances).sort(([a], [b]) => a.localeCompare(b))) {
    if (now === undefined || p.hourly >= now.hourly || (p.vcpu ?? 0) < vcpu) continue;
    if (memoryGb !== null && (p.memoryGb ?? 0) < memoryGb) continue;
    if (best === null || p.hourly < (prices.instances[best]?.hourly ?? Number.POSITIVE_INFINITY)) best = type;
  }
  return best;
}

/** Recommendations for every resource and the savings they add up to (never more than the current cost). */
export function optimise(
  resources: UtilisedResource[],
  prices: PriceTable,
  overrides: Partial<OptimisationPolicy> = {},
  hoursPerMonth = HOURS_PER_MONTH,
): Optimisation {
  const policy = { ...DEFAULT_POLICY, ...overrides };
  const digits = prices.minorUnits ?? 2;
  const baseline = estimateCost(resources, prices, hoursPerMonth);
  const recommendations: Array<Recommendation & { minor: number }> = [];
  resources.forEach((r, i) => {
    const line = baseline.lines[i];
    if (line === undefined || r.instanceType === undefined) return;
    const hours = r.hours ?? hoursPerMonth;
    const quantity = r.quantity ?? 1;
    const computeMinor = toMinor(line.compute, digits);
    const base = { resourceId: r.id, team: r.team ?? null, from: r.instanceType };
    if (r.cpuPeak !== undefined && r.cpuPeak < policy.idleCpuPeak) {
      recommendations.push({
        ...base,
        action: "remove-idle",
        to: null,
        minor: toMinor(line.monthly, digits),
        monthlySaving: line.monthly,
        reason: `CPU peak ${r.cpuPeak}% < ${policy.idleCpuPeak}%: idle`,
      });
      return;
    }
    let type = r.instanceType;
    let compute = computeMinor;
    const spec = prices.instances[type];
    if (r.cpuPeak !== undefined && r.cpuPeak < policy.rightsizeBelowPeak && spec?.vcpu !== undefined) {
      const vcpu = Math.max(1, Math.ceil((spec.vcpu * r.cpuPeak) / policy.targetPeak));
      const memory =
        r.memoryPeak !== undefined && spec.memoryGb !== undefined
          ? (spec.memoryGb * r.memoryPeak) / policy.targetPeak
          : null;
      const smaller = smallerType(prices, type, vcpu, memory);
      if (smaller !== null) {
        compute = toMinor((prices.instances[smaller]?.hourly ?? 0) * hours * quantity, digits);
        recommendations.push({
          ...base,
          action: "rightsize",
          to: smaller,
          minor: computeMinor - compute,
          monthlySaving: fromMinor(computeMinor - compute, digits),
          reason: `CPU peak ${r.cpuPeak}% < ${policy.rightsizeBelowPeak}%: ${vcpu} vCPU keep it under ${policy.targetPeak}%`,
        });
        type = smaller;
      }
    }
    if (hours >= policy.steadyMinHours && compute > 0) {
      const saving = toMinor((compute / 10 ** digits) * policy.reservedDiscount, digits);
      recommendations.push({
        ...base,
        from: type,
        action: "reserve",
        to: type,
        minor: saving,
        monthlySaving: fromMinor(saving, digits),
        reason: `runs ${hours} h a month (>= ${policy.steadyMinHours}): reserve for ${Math.round(policy.reservedDiscount * 100)}% off`,
      });
    }
  });
  const current = toMinor(baseline.totals.monthly, digits);
  const saving = recommendations.reduce((s, r) => s + r.minor, 0);
  return {
    currency: prices.currency,
    recommendations: recommendations.map(({ minor: _minor, ...r }) => r),
    totals: {
      currentMonthly: fromMinor(current, digits),
      monthlySaving: fromMinor(saving, digits),
      optimisedMonthly: fromMinor(current - saving, digits),
      annualSaving: fromMinor(saving * 12, digits),
      savingPercent: current === 0 ? 0 : Math.round((saving / current) * 1000) / 10,
    },
  };
}

const percent = (title: string, description: string, key: keyof OptimisationPolicy) =>
  ({ type: "number", minimum: 0, maximum: 100, title, description, default: DEFAULT_POLICY[key] }) as const;

interface OptimiseParams {
  resources: UtilisedResource[];
  priceTable: PriceTable;
  policy?: Partial<OptimisationPolicy>;
  hoursPerMonth?: number;
}

/** `finops-optimize`: { currency, recommendations, totals }. */
export function createFinopsOptimizeHandler(): Handler {
  return createPureHandler<OptimiseParams>(
    {
      name: "finops-optimize",
      title: "Cost optimisation",
      description:
        "Recommends removing idle resources (CPU peak under 5%), rightsizing over-provisioned ones (peak under 40%) to the cheapest type that peaks under 70%, and reserving steady ones (700+ h a month, 30% off), with monthly savings. Output { currency, recommendations, totals }.",
      category: "finops",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["resources", "priceTable"],
        properties: {
          resources: {
            ...resourcesSchema,
            description: "resources with utilisation: cpuPeak and memoryPeak in percent",
            items: {
              ...resourcesSchema.items,
              properties: {
                ...resourcesSchema.items.properties,
                cpuPeak: { type: "number", minimum: 0, maximum: 100 },
                memoryPeak: { type: "number", minimum: 0, maximum: 100 },
              },
            },
          },
          priceTable: priceTableSchema,
          hoursPerMonth: hoursPerMonthSchema,
          policy: {
            type: "object",
            title: "Policy",
            properties: {
              idleCpuPeak: percent(
                "Idle below CPU peak (%)",
                "remove a resource that never peaks above this",
                "idleCpuPeak",
              ),
              rightsizeBelowPeak: percent(
                "Rightsize below CPU peak (%)",
                "a resource peaking under this is over-provisioned",
                "rightsizeBelowPeak",
              ),
              targetPeak: {
                ...percent("Target peak (%)", "the utilisation a rightsized instance should peak at", "targetPeak"),
                minimum: 1,
              },
              steadyMinHours: {
                type: "number",
                minimum: 0,
                maximum: 744,
                default: DEFAULT_POLICY.steadyMinHours,
                title: "Steady from hours a month",
              },
              reservedDiscount: {
                type: "number",
                minimum: 0,
                maximum: 1,
                default: DEFAULT_POLICY.reservedDiscount,
                title: "Reservation discount (0-1)",
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    (params) => optimise(params.resources, params.priceTable, params.policy, params.hoursPerMonth),
  );
}
