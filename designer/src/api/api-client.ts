/**
 * The designer's client for the runtime's REST API: the embeddable FlowService (src/client) under the names the
 * designer has always used, so there is one client. ApiError is FlowServiceError.
 */
import { createFlowService, type FlowService, FlowServiceError } from "../client/flow-service.js";

export const ApiError = FlowServiceError;
export type ApiError = FlowServiceError;

export interface ApiClientOptions {
  key: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}

export type ApiClient = FlowService;

export function createApiClient({ key, ...rest }: ApiClientOptions): ApiClient {
  return createFlowService({ apiKey: key, ...rest });
}
