/**
 * The designer's client for the runtime's REST API, typed from the schemas package (never restated). Problem
 * documents become ApiError with the server's per-field errors, so they can land on the right nodes. The live event
 * stream is opened here too (with the key, which EventSource could not send) and read by event-stream.ts.
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

/** The problem document of a failure answer as an ApiError (a body that is not one still gives its status). */
async function problemOf(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  try {
    problem = (JSON.parse(await response.text()) as Partial<Problem> | null) ?? {};
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(
    response.status,
    problem.title ?? response.statusText,
    problem.detail ?? `HTTP ${response.status}`,
    problem.errors ?? [],
  );
}

export function createApiClient({
  key,
  baseUrl = "",
  fetch: send = globalThis.fetch.bind(globalThis),
}: ApiClientOptions) {
  /** Sends a request; a failure answer becomes ApiError (an abort by the caller stays an AbortError). */
  async function request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    let response: Response;
    try {
      response = await send(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(0, "Unreachable", "cannot reach the MFO server; is it running?");
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await request(method, path, { body });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const id = encodeURIComponent;
  /** GET /flows/{id}/stream: the open Server-Sent Events response, resuming after the event `after` (a seq). */
  const stream = (instance: string, options: { after?: number; signal?: AbortSignal } = {}) =>
    request("GET", `/flows/${id(instance)}/stream`, {
      headers: { accept: "text/event-stream", ...(options.after ? { "last-event-id": String(options.after) } : {}) },
      ...(options.signal ? { signal: options.signal } : {}),
    });
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
    stream,
    execute: (instance: string, request: ExecuteRequest) =>
      call<Instance>("POST", `/flows/${id(instance)}/execute`, request),
    pause: (instance: string) => call<Instance>("POST", `/flows/${id(instance)}/pause`),
    resume: (instance: string) => call<Instance>("POST", `/flows/${id(instance)}/resume`),
    cancel: (instance: string) => call<Instance>("POST", `/flows/${id(instance)}/cancel`),
    remove: (instance: string) => call<void>("DELETE", `/flows/${id(instance)}`),
  };
}
