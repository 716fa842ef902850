/**
 * Budget planning: a monthly budget per team from its current cost less the savings recommended for its
 * resources, plus headroom, rounded up to a round figure. Team sums are exact (minor units), and the totals are
 * the sums of the teams.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import { type CostEstimate, fromMinor, toMinor } from "./cost-estimate.js";
import type { Recommendation } from "./finops-optimize.js";

export const UNASSIGNED = "unassigned";

export interface TeamBudget {
  team: string;
  currentMonthly: number;
  monthlySaving: number;
  optimisedMonthly: number;
  monthlyBudget: number;
  annualBudget: number;
}

export interface BudgetPlan {
  currency: string;
  headroomPercent: number;
  teams: TeamBudget[];
  totals: Omit<TeamBudget, "team">;
}

export interface BudgetOptions {
  /** Added on top of the optimised cost, in percent. */
  headroomPercent: number;
  /** Budgets are rounded up to a multiple of this many currency units. */
  roundTo: number;
  /** Whether the recommended savings lower the budget (false: budget the current cost). */
  applySavings: boolean;
}

export const DEFAULT_BUDGET: BudgetOptions = { headroomPercent: 15, roundTo: 100, applySavings: true };

/** Budgets per team (sorted by name; resources without a team are "unassigned") and their totals. */
export function planBudget(
  costs: CostEstimate,
  recommendations: Recommendation[],
  overrides: Partial<BudgetOptions> = {},
): BudgetPlan {
  const options = { ...DEFAULT_BUDGET, ...overrides };
  const digits = costs.minorUnits;
  const teamOf = new Map(costs.lines.map((l) => [l.id, l.team ?? UNASSIGNED]));
  const current = new Map<string, number>();
  const saving = new Map<string, number>();
  const add = (into: Map<string, number>, team: string, minor: number) => into.set(team, (into.get(team) ?? 0) + minor);
  for (const line of costs.lines) add(current, line.team ?? UNASSIGNED, toMinor(line.monthly, digits));
  if (options.applySavings)
    for (const r of recommendations)
      add(saving, r.team ?? teamOf.get(r.resourceId) ?? UNASSIGNED, toMinor(r.monthlySaving, digits));
  const step = toMinor(options.roundTo, digits);
  const minorTeams = [...current.keys()].sort().map((team) => {
    const cost = current.get(team) ?? 0;
    const optimised = Math.max(0, cost - (saving.get(team) ?? 0));
    const withHeadroom = Math.ceil((optimised * (100 + options.headroomPercent)) / 100);
    const budget = step > 0 ? Math.ceil(withHeadroom / step) * step : withHeadroom;
    return { team, cost, saved: cost - optimised, optimised, budget };
  });
  const money = (minor: number) => fromMinor(minor, digits);
  const total = (pick: (t: (typeof minorTeams)[number]) => number) => minorTeams.reduce((s, t) => s + pick(t), 0);
  return {
    currency: costs.currency,
    headroomPercent: options.headroomPercent,
    teams: minorTeams.map((t) => ({
      team: t.team,
      currentMonthly: money(t.cost),
      monthlySaving: money(t.saved),
      optimisedMonthly: money(t.optimised),
      monthlyBudget: money(t.budget),
      annualBudget: money(t.budget * 12),
    })),
    totals: {
      currentMonthly: money(total((t) => t.cost)),
      monthlySaving: money(total((t) => t.saved)),
      optimisedMonthly: money(total((t) => t.optimised)),
      monthlyBudget: money(total((t) => t.budget)),
      annualBudget: money(total((t) => t.budget) * 12),
    },
  };
}

interface BudgetParams {
  costs: CostEstimate;
  recommendations?: Recommendation[];
  options?: Partial<BudgetOptions>;
}

/** `budget-plan`: { currency, headroomPercent, teams, totals }. */
export function createBudgetPlanHandler(): Handler {
  return createPureHandler<BudgetParams>(
    {
      name: "budget-plan",
      title: "Budget plan",
      description:
        "Monthly and annual budget per team: current cost (a cost-estimate output) less recommended savings, plus headroom (15% by default), rounded up to a multiple of 100. Output { currency, headroomPercent, teams, totals }.",
      category: "finops",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["costs"],
        properties: {
          costs: {
            type: "object",
            title: "Costs",
            description: "a cost-estimate output, e.g. =phases.cost-analysis.output",
            required: ["currency", "minorUnits", "lines"],
            properties: {
              currency: { type: "string" },
              minorUnits: { type: "integer", minimum: 0, maximum: 4 },
              lines: {
                type: "array",
                items: {
                  type: "object",
                  required: ["id", "monthly"],
                  properties: {
                    id: { type: "string" },
                    team: { type: ["string", "null"] },
                    monthly: { type: "number" },
                  },
                },
              },
            },
          },
          recommendations: {
            type: "array",
            title: "Recommendations",
            description: "e.g. =phases.optimisation.output.recommendations",
            items: {
              type: "object",
              required: ["resourceId", "monthlySaving"],
              properties: { resourceId: { type: "string" }, monthlySaving: { type: "number", minimum: 0 } },
            },
            default: [],
          },
          options: {
            type: "object",
            title: "Options",
            properties: {
              headroomPercent: {
                type: "number",
                minimum: 0,
                maximum: 500,
                default: DEFAULT_BUDGET.headroomPercent,
                title: "Headroom (%)",
              },
              roundTo: {
                type: "number",
                minimum: 0,
                default: DEFAULT_BUDGET.roundTo,
                title: "Round budgets up to a multiple of",
              },
              applySavings: {
                type: "boolean",
                default: DEFAULT_BUDGET.applySavings,
                title: "Budget the optimised cost",
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    (params) => planBudget(params.costs, params.recommendations ?? [], params.options),
  );
}
