/**
 * FlowService: the typed client of every REST route of the runtime (API.md), typed from @mfo/schemas. Problem
 * documents become one FlowServiceError (status, title, detail, per-field errors with their nodeId). Idempotent
 * requests (GET, PUT) are retried a couple of times with back-off on a network error or a 502/503/504; nothing
 * else is, since a repeated POST could start a second instance. Every call takes an optional AbortSignal.
 */
import type {
  Analytics,
  ApiKeyList,
  AuditList,
  Catalogue,
  CreateApiKeyRequest,
  CreatedApiKey,
  CreateInstanceRequest,
  CreateTenantRequest,
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
  Tenant,
  TenantList,
  ValidationError,
} from "@mfo/schemas";

export class FlowServiceError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors: ValidationError[] = [],
  ) {
    super(message);
    this.name = "FlowServiceError";
  }
  /** The problem document's `detail` (the message). */
  get detail(): string {
    return this.message;
  }
}

export interface FlowServiceOptions {
  /** Where the runtime is served ("" for the same origin). */
  baseUrl?: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Retries of idempotent requests: `attempts` in all (default 3), the first delay `initialMs` doubled each time. */
  retry?: { attempts?: number; initialMs?: number };
}

/** Per call: an AbortSignal to give up waiting. */
export interface CallOptions {
  signal?: AbortSignal;
}

export type Query = Record<string, string | number | boolean | undefined>;
export type FlowFilters = { status?: string; flowType?: string; active?: boolean; limit?: number; cursor?: string };

export type FlowService = ReturnType<typeof createFlowService>;

const RETRIED_STATUSES = new Set([502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "PUT"]);

/** The problem document of a failure answer (a body that is not one still gives its status). */
async function problemOf(response: Response): Promise<FlowServiceError> {
  let problem: Partial<Problem> = {};
  try {
    problem = (JSON.parse(await response.text()) as Partial<Problem> | null) ?? {};
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new FlowServiceError(
    response.status,
    problem.title ?? response.statusText,
    problem.detail ?? `HTTP ${response.status}`,
    problem.errors ?? [],
  );
}

const queryString = (query: Query = {}) => {
  const params = new URLSearchParams(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]): [string, string] => [k, String(v)]),
  );
  return params.size ? `?${params}` : "";
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Creates the client; `apiKey` goes in every request's Authorization header. */
export function createFlowService({
  apiKey,
  baseUrl = "",
  fetch: send = globalThis.fetch.bind(globalThis),
  retry = {},
}: FlowServiceOptions) {
  const { attempts = 3, initialMs = 200 } = retry;

  /** Sends once; a failure answer becomes FlowServiceError (an abort by the caller stays an AbortError). */
  async function once(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined },
  ): Promise<Response> {
    let response: Response;
    try {
      response = await send(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new FlowServiceError(0, "Unreachable", "cannot reach the MFO server; is it running?");
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  /** Sends, retrying an idempotent request that met a network error or a gateway failure. */
  async function request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined; retry?: boolean } = {},
  ): Promise<Response> {
    const retried = init.retry !== false && IDEMPOTENT.has(method);
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(method, path, init);
      } catch (error) {
        const transient =
          error instanceof FlowServiceError && (error.status === 0 || RETRIED_STATUSES.has(error.status));
        if (!retried || !transient || attempt >= attempts || init.signal?.aborted) throw error;
        await sleep(initialMs * 2 ** (attempt - 1), init.signal);
      }
    }
  }

  async function call<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    const response = await request(method, path, { body, signal: options.signal });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const id = encodeURIComponent;
  const flow = (instance: string) => `/flows/${id(instance)}`;
  return {
    catalogue: (o?: CallOptions) => call<Catalogue>("GET", "/catalogue", undefined, o),
    // Flow types
    listFlowTypes: (o?: CallOptions) => call<FlowTypeList>("GET", "/flow-types", undefined, o),
    getFlowType: (flowType: string, o?: CallOptions) =>
      call<FlowTypeDetail>("GET", `/flow-types/${id(flowType)}`, undefined, o),
    getVersion: (flowType: string, version: number, o?: CallOptions) =>
      call<FlowVersion>("GET", `/flow-types/${id(flowType)}/versions/${version}`, undefined, o),
    validate: (definition: unknown, o?: CallOptions) =>
      call<{ valid: boolean }>("POST", "/flow-types/validate", definition, o),
    saveDraft: (flowType: string, definition: unknown, o?: CallOptions) =>
      call<Draft>("PUT", `/flow-types/${id(flowType)}/draft`, definition, o),
    publish: (definition: FlowDefinition, o?: CallOptions) =>
      call<PublishResponse>("POST", "/flow-types", definition, o),
    publishDraft: (flowType: string, o?: CallOptions) =>
      call<PublishResponse>("POST", `/flow-types/${id(flowType)}/publish`, undefined, o),
    // Instances
    createFlow: (request: CreateInstanceRequest, o?: CallOptions) => call<Instance>("POST", "/flows", request, o),
    listFlows: (filters: FlowFilters = {}, o?: CallOptions) =>
      call<InstanceList>("GET", `/flows${queryString(filters)}`, undefined, o),
    getFlow: (instance: string, o?: CallOptions) => call<Instance>("GET", flow(instance), undefined, o),
    status: (instance: string, o?: CallOptions) =>
      call<InstanceStatusResponse>("GET", `${flow(instance)}/status`, undefined, o),
    events: (instance: string, o?: CallOptions) => call<EventList>("GET", `${flow(instance)}/events`, undefined, o),
    /** GET /flows/{id}/stream: the open Server-Sent Events response, resuming after the event `after` (a seq). */
    stream: (instance: string, options: { after?: number; signal?: AbortSignal } = {}) =>
      // Not retried here: the event stream reconnects on its own, from the last seq it got.
      request("GET", `${flow(instance)}/stream`, {
        retry: false,
        headers: { accept: "text/event-stream", ...(options.after ? { "last-event-id": String(options.after) } : {}) },
        signal: options.signal,
      }),
    execute: (instance: string, request: ExecuteRequest = {}, o?: CallOptions) =>
      call<Instance>("POST", `${flow(instance)}/execute`, request, o),
    pause: (instance: string, o?: CallOptions) => call<Instance>("POST", `${flow(instance)}/pause`, undefined, o),
    resume: (instance: string, o?: CallOptions) => call<Instance>("POST", `${flow(instance)}/resume`, undefined, o),
    cancel: (instance: string, o?: CallOptions) => call<Instance>("POST", `${flow(instance)}/cancel`, undefined, o),
    remove: (instance: string, o?: CallOptions) => call<void>("DELETE", flow(instance), undefined, o),
    analytics: (query: { from?: string; to?: string; flowType?: string } = {}, o?: CallOptions) =>
      call<Analytics>("GET", `/flows/analytics${queryString(query)}`, undefined, o),
    // Administration
    audit: (query: Query = {}, o?: CallOptions) => call<AuditList>("GET", `/audit${queryString(query)}`, undefined, o),
    listTenants: (o?: CallOptions) => call<TenantList>("GET", "/tenants", undefined, o),
    createTenant: (request: CreateTenantRequest, o?: CallOptions) => call<Tenant>("POST", "/tenants", request, o),
    listApiKeys: (o?: CallOptions) => call<ApiKeyList>("GET", "/api-keys", undefined, o),
    createApiKey: (request: CreateApiKeyRequest, o?: CallOptions) =>
      call<CreatedApiKey>("POST", "/api-keys", request, o),
    revokeApiKey: (keyId: string, o?: CallOptions) => call<void>("DELETE", `/api-keys/${id(keyId)}`, undefined, o),
  };
}
