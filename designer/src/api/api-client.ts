/**
 * The designer's client for the runtime's REST API, typed from the schemas package (never restated). Problem
 * documents become ApiError with the server's per-field errors, so they can land on the right nodes.
 */
import type {
  Catalogue,
  CreateInstanceRequest,
  Draft,
  EventList,
  ExecuteRequest,
  FlowDefinition,
  FlowTypeDetail,
  FlowTypeList,
  FlowVersion,
  Instance,
  InstanceList,
  InstanceStatusResponse,
  Problem,
  PublishResponse,
  ValidationError,
} from "@mfo/schemas";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors: ValidationError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiClientOptions {
  key: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient({
  key,
  baseUrl = "",
  fetch: send = globalThis.fetch.bind(globalThis),
}: ApiClientOptions) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await send(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, "Unreachable", "cannot reach the MFO server; is it running?");
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (data ?? {}) as Partial<Problem>;
      throw new ApiError(
        response.status,
        problem.title ?? response.statusText,
        problem.detail ?? `HTTP ${response.status}`,
        problem.errors ?? [],
      );
    }
    return data as T;
  }
  const id = encodeURIComponent;
  return {
    catalogue: () => call<Catalogue>("GET", "/catalogue"),
    listFlowTypes: () => call<FlowTypeList>("GET", "/flow-types"),
    getFlowType: (flowType: string) => call<FlowTypeDetail>("GET", `/flow-types/${id(flowType)}`),
    getVersion: (flowType: string, version: number) =>
      call<FlowVersion>("GET", `/flow-types/${id(flowType)}/versions/${version}`),
    validate: (definition: unknown) => call<{ valid: boolean }>("POST", "/flow-types/validate", definition),
    saveDraft: (flowType: string, definition: unknown) =>
      call<Draft>("PUT", `/flow-types/${id(flowType)}/draft`, definition),
    publish: (definition: FlowDefinition) => call<PublishResponse>("POST", "/flow-types", definition),
    createFlow: (request: CreateInstanceRequest) => call<Instance>("POST", "/flows", request),
    listFlows: (query: { status?: string; flowType?: string; limit?: number; cursor?: string } = {}) => {
      const params = new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      return call<InstanceList>("GET", `/flows${params.size ? `?${params}` : ""}`);
    },
    getFlow: (instance: string) => call<Instance>("GET", `/flows/${id(instance)}`),
    status: (instance: string) => call<InstanceStatusResponse>("GET", `/flows/${id(instance)}/status`),
    events: (instance: string) => call<EventList>("GET", `/flows/${id(instance)}/events`),
    execute: (instance: string, request: ExecuteRequest) =>
      call<Instance>("POST", `/flows/${id(instance)}/execute`, request),
    pause: (instance: string) => call<Instance>("POST", `/flows/${id(instance)}/pause`),
    resume: (instance: string) => call<Instance>("POST", `/flows/${id(instance)}/resume`),
    cancel: (instance: string) => call<Instance>("POST", `/flows/${id(instance)}/cancel`),
    remove: (instance: string) => call<void>("DELETE", `/flows/${id(instance)}`),
  };
}
