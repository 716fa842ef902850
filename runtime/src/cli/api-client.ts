/**
 * The CLI's way to talk to a running MFO over HTTP: a small fetch wrapper, so `mfo publish` and `mfo run` share
 * one idea of where the server is, how to authenticate, and how its answers become one-line errors. A problem
 * document (RFC 9457) becomes an ApiError (exit 1: the server refused what was asked); a server that cannot be
 * reached or does not speak the API becomes an UnreachableError (exit 2: a setup problem, like a usage error).
 */
import type { ValidationError } from "@mfo/schemas";
import { UsageError } from "./io.js";

export const DEFAULT_URL = "http://127.0.0.1:3000";
/** How long one request may take before the CLI gives up on it. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The options every command that talks to the server takes, for parseArgs. */
export const connectionOptions = {
  url: { type: "string" },
  key: { type: "string" },
} as const;

/** The usage lines of connectionOptions, shared so every command describes them the same way. */
export const connectionUsage = `  --url URL   the MFO server (default: $MFO_URL, else ${DEFAULT_URL})
  --key KEY   API key (default: $MFO_KEY; \`mfo serve\` prints the admin key)`;

export interface Connection {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:3000. */
  url: string;
  key: string;
}

/**
 * The server and key from `--url`/`--key`, else MFO_URL/MFO_KEY; a UsageError when there is no key or the URL
 * is not an http(s) URL.
 */
export function resolveConnection(
  values: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Connection {
  const url = (values.url || env.MFO_URL || DEFAULT_URL).replace(/\/+$/, "");
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new UsageError(`the server URL must be an http:// or https:// URL, not "${url}"`);
  }
  const key = values.key || env.MFO_KEY;
  if (!key) {
    throw new UsageError("no API key: pass --key KEY or set MFO_KEY (`mfo serve` prints the admin key when it starts)");
  }
  return { url, key };
}

/** The server answered with a problem document: what it refused and why. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: ValidationError[] = [],
  ) {
    super(`${detail} (${status} ${title})`);
    this.name = "ApiError";
  }
}

/** The server could not be reached, did not answer in time, or is not an MFO API. */
export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreachableError";
  }
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export interface ApiClient {
  readonly url: string;
  /** Sends one request under /api/v1; resolves for 2xx, rejects with ApiError, UnreachableError or an AbortError. */
  request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<ApiResponse<T>>;
}

export interface ApiClientOptions extends Connection {
  timeoutMs?: number;
}

/** Why a connection failed, in words, from the error fetch rejects with (its `cause` carries the system code). */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  // Node tries every address of a name (::1 and 127.0.0.1 for localhost) and reports all failures together.
  const causes = cause instanceof AggregateError ? cause.errors : [cause];
  const codes = causes.map((c) => (c as { code?: string } | undefined)?.code).filter(Boolean);
  if (codes.includes("ECONNREFUSED")) return "connection refused (is `mfo serve` running?)";
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN")) return "no such host";
  if (codes.includes("ECONNRESET") || codes.includes("UND_ERR_SOCKET")) return "the connection was closed";
  if (codes.includes("ETIMEDOUT") || codes.includes("UND_ERR_CONNECT_TIMEOUT")) return "the connection timed out";
  const message = (cause as Error | undefined)?.message ?? (error as Error).message;
  return codes[0] ? `${codes[0]}${message ? ` (${message})` : ""}` : message;
}

/** A client for the server at `options.url`, authenticating with `options.key`. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return {
    url: options.url,
    async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.key}`,
        accept: "application/json, application/problem+json",
      };
      if (body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${options.url}/api/v1${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw error;
        if (timeout.aborted) {
          throw new UnreachableError(`MFO at ${options.url} did not answer within ${timeoutMs / 1000} s`);
        }
        throw new UnreachableError(`cannot reach MFO at ${options.url}: ${reasonOf(error)}`);
      }
      const type = response.headers.get("content-type") ?? "";
      let parsed: unknown;
      try {
        parsed = /[/+]json\b/.test(type) && text !== "" ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (response.status >= 400 && isProblem(parsed)) {
        throw new ApiError(
          response.status,
          parsed.title,
          typeof parsed.detail === "string" && parsed.detail ? parsed.detail : parsed.title,
          Array.isArray(parsed.errors) ? (parsed.errors as ValidationError[]) : [],
        );
      }
      if (parsed === undefined && !(response.ok && text === "")) {
        // A proxy's HTML page or another program on that port: say so rather than guess at its meaning.
        const what = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
        throw new UnreachableError(
          `${options.url} answered ${method} /api/v1${path} with ${what}${type ? ` (${type.split(";")[0]})` : ""}, not MFO's JSON; is that the MFO server?`,
        );
      }
      if (!response.ok) {
        throw new ApiError(response.status, response.statusText || "Error", `the server answered ${response.status}`);
      }
      return { status: response.status, body: parsed as T };
    },
  };
}

function isProblem(value: unknown): value is { title: string; detail?: unknown; errors?: unknown } {
  return typeof value === "object" && value !== null && typeof (value as { title?: unknown }).title === "string";
}
