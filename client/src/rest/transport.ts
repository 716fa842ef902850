/**
 * Sending one route of the table: the path built from its parameters, the query, the JSON body, the key; a
 * failure answer becomes FlowServiceError. Idempotent requests (GET, PUT) are retried a couple of times with
 * back-off on a network error or a 502/503/504; nothing else is, since a repeated POST could start a second
 * instance. Every call takes an optional AbortSignal.
 */
import {
  type BodyOf,
  type PathParamsOf,
  type QueryOf,
  type ResponseOf,
  type RouteKey,
  type RouteOf,
  routeOf,
  urlPathOf,
} from "@mfo/schemas";
import { FlowServiceError, failureOf } from "./errors.js";

export interface FlowServiceOptions {
  /** Where the runtime is served ("" for the same origin). */
  baseUrl?: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Retries of idempotent requests: `attempts` in all (default 3), the first delay `initialMs` doubled each time. */
  retry?: { attempts?: number; initialMs?: number };
  /** How long one JSON request may take before it fails with kind "timeout" (default: no limit). */
  timeoutMs?: number;
}

/** Per call: an AbortSignal to give up waiting. */
export interface CallOptions {
  signal?: AbortSignal;
}

type ParamsArg<K extends RouteKey> = keyof PathParamsOf<K> extends never
  ? { params?: undefined }
  : { params: PathParamsOf<K> };
type BodyArg<K extends RouteKey> =
  RouteOf<K> extends { body: string }
    ? RouteOf<K> extends { bodyOptional: true }
      ? { body?: BodyOf<K> }
      : { body: BodyOf<K> }
    : { body?: undefined };

/** What a call of route K sends: its path parameters, query and body, checked against the route table. */
export type RequestArgs<K extends RouteKey> = ParamsArg<K> & BodyArg<K> & { query?: QueryOf<K> } & CallOptions;

/** The arguments of a call: optional when the route needs nothing. */
export type ArgsOf<K extends RouteKey> =
  object extends RequestArgs<K> ? [args?: RequestArgs<K>] : [args: RequestArgs<K>];

/** A success answer: its status (e.g. 201 created, 200 already there) and its body. */
export interface ClientResponse<K extends RouteKey> {
  status: number;
  body: ResponseOf<K>;
}

type AnyArgs = { params?: Record<string, string | number>; query?: object; body?: unknown; signal?: AbortSignal };
/** headers: beside the key's; retry: false never retries; json: read the answer as JSON, within the timeout. */
type SendInit = { headers?: Record<string, string>; retry?: boolean; json?: boolean };

const RETRIED_STATUSES = new Set([502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "PUT"]);
const JSON_ACCEPT = "application/json, application/problem+json";

const queryString = (query: object = {}) => {
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

/**
 * The URL path (with its query string) of a route called with `args`, e.g. routeUrl("get /flows/:id/status",
 * { params: { id } }): what the client sends, for tools that send requests themselves (load generators).
 */
export const routeUrl = (key: RouteKey, args: Pick<AnyArgs, "params" | "query"> = {}) => {
  const params = args.params ?? {};
  const path = urlPathOf(routeOf(key)).replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(String(params[name])),
  );
  return `${path}${queryString(args.query)}`;
};

/** The sender of a client: `send` answers the raw Response (streams, text), `request` the parsed JSON. */
export function createTransport({ apiKey, baseUrl = "", fetch: fetchImpl, retry = {}, timeoutMs }: FlowServiceOptions) {
  const { attempts = 3, initialMs = 200 } = retry;
  // Bound late, so a test may replace globalThis.fetch after the client is made.
  const send = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  /**
   * Sends once and, for JSON, reads the answer within the timeout; a failure answer becomes FlowServiceError
   * (an abort by the caller stays an AbortError).
   */
  async function once(request: string, args: AnyArgs, init: SendInit): Promise<{ response: Response; text: string }> {
    const [method, path] = request.split(" ") as [string, string];
    const timeout = init.json && timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined;
    const signal = timeout && args.signal ? AbortSignal.any([args.signal, timeout]) : (timeout ?? args.signal);
    let response: Response;
    let text = "";
    try {
      response = await send(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept: JSON_ACCEPT,
          ...(args.body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        ...(args.body === undefined ? {} : { body: JSON.stringify(args.body) }),
        ...(signal ? { signal } : {}),
      });
      if (!response.ok) throw await failureOf(response, request);
      if (init.json && response.status !== 204) text = await response.text();
    } catch (error) {
      if (error instanceof FlowServiceError || args.signal?.aborted) throw error;
      if (timeout?.aborted) {
        const message = `the MFO server did not answer within ${(timeoutMs as number) / 1000} s`;
        throw new FlowServiceError(0, "Unreachable", message, [], { kind: "timeout", request, cause: error });
      }
      const message = "cannot reach the MFO server; is it running?";
      throw new FlowServiceError(0, "Unreachable", message, [], { kind: "unreachable", request, cause: error });
    }
    return { response, text };
  }

  /** Sends route `key`, retrying an idempotent request that met a network error or a gateway failure. */
  async function exchange(key: RouteKey, args: AnyArgs = {}, init: SendInit = {}) {
    const method = routeOf(key).method.toUpperCase();
    const request = `${method} ${routeUrl(key, args)}`;
    const retried = init.retry !== false && IDEMPOTENT.has(method);
    for (let attempt = 1; ; attempt++) {
      try {
        return { request, ...(await once(request, args, init)) };
      } catch (error) {
        const transient =
          error instanceof FlowServiceError && (error.status === 0 || RETRIED_STATUSES.has(error.status));
        if (!retried || !transient || attempt >= attempts || args.signal?.aborted) throw error;
        await sleep(initialMs * 2 ** (attempt - 1), args.signal);
      }
    }
  }

  return {
    /** Sends route `key` and answers the open Response, its body unread (an event stream, the metrics text). */
    async send<K extends RouteKey>(key: K, args: RequestArgs<K>, init: SendInit = {}): Promise<Response> {
      return (await exchange(key, args as AnyArgs, init)).response;
    },

    /** Sends route `key` and reads its JSON answer (undefined for 204 or an empty body). */
    async request<K extends RouteKey>(key: K, ...[args]: ArgsOf<K>): Promise<ClientResponse<K>> {
      const { request, response, text } = await exchange(key, args as AnyArgs, { json: true });
      if (!text) return { status: response.status, body: undefined as ResponseOf<K> };
      try {
        return { status: response.status, body: JSON.parse(text) as ResponseOf<K> };
      } catch (error) {
        throw new FlowServiceError(response.status, response.statusText, "the answer is not JSON", [], {
          kind: "not-json",
          request,
          contentType: response.headers.get("content-type") ?? "",
          cause: error,
        });
      }
    },
  };
}
