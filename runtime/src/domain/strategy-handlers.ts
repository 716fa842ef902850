/**
 * The strategy group's domain handlers (assessment, modernize, finops, observability), registered with the
 * built-ins by createBuiltinHandlers.
 */
import type { Handler } from "../handlers/types.js";
import { createCostEstimateHandler } from "./cost-estimate.js";
import { createBudgetPlanHandler } from "./finops-budget.js";
import { createFinopsOptimizeHandler } from "./finops-optimize.js";
import { createImplementationPlanHandler } from "./implementation-plan.js";
import { createAlertRulesHandler } from "./observability-alerts.js";
import { createSloPlanHandler } from "./observability-slo.js";
import { createSoakReviewHandler } from "./observability-soak.js";
import { createRedesignHandler } from "./redesign.js";
import { createComplexityScoreHandler, createReadinessScoreHandler, createRiskScoreHandler } from "./scores.js";
import { createSixRHandler } from "./six-r.js";

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
