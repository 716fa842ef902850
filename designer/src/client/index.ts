/**
 * @mfo/designer/client: embed MFO in a React app. FlowService is the typed REST client (@mfo/client, exported
 * again here so an app needs one import); useFlow follows one instance live (one shared stream per instance)
 * with the operator's actions; useFlows lists instances.
 */

export {
  type CallOptions,
  createFlowService,
  type FlowFilters,
  type FlowService,
  FlowServiceError,
  type FlowServiceOptions,
  type Query,
} from "@mfo/client";
export { FlowServiceProvider, useFlowService } from "./context.js";
export {
  type FlowController,
  type FlowControllerOptions,
  type FlowState,
  flowController,
} from "./flow-controller.js";
export { createFlowList, type FlowList, type FlowListState } from "./flow-list.js";
export { type FlowTarget, type UseFlowOptions, type UseFlowResult, useFlow } from "./useFlow.js";
export { type UseFlowsResult, useFlows } from "./useFlows.js";
