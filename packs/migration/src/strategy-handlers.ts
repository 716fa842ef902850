/**
 * The strategy group's domain handlers (assessment, modernize, finops, observability), part of the migration
 * pack (index.ts).
 */
import type { Handler } from "@mfo/runtime/pack";
import {
  createComplexityScoreHandler,
  createReadinessScoreHandler,
  createRiskScoreHandler,
} from "./templates/assessment/scores.js";
import { createSixRHandler } from "./templates/assessment/six-r.js";
import { createCostEstimateHandler } from "./templates/finops/cost-estimate.js";
import { createBudgetPlanHandler } from "./templates/finops/finops-budget.js";
import { createFinopsOptimizeHandler } from "./templates/finops/finops-optimize.js";
import { createImplementationPlanHandler } from "./templates/modernize/implementation-plan.js";
import { createRedesignHandler } from "./templates/modernize/redesign.js";
import { createAlertRulesHandler } from "./templates/observability/observability-alerts.js";
import { createSloPlanHandler } from "./templates/observability/observability-slo.js";
import { createSoakReviewHandler } from "./templates/observability/observability-soak.js";

/** Fresh instances of the strategy handlers. */
export function createStrategyHandlers(): Handler[] {
  return [
    createReadinessScoreHandler(),
    createComplexityScoreHandler(),
    createRiskScoreHandler(),
    createSixRHandler(),
    createCostEstimateHandler(),
    createFinopsOptimizeHandler(),
    createBudgetPlanHandler(),
    createRedesignHandler(),
    createImplementationPlanHandler(),
    createSloPlanHandler(),
    createAlertRulesHandler(),
    createSoakReviewHandler(),
  ];
}
