/**
 * How the CLI reaches a running MFO: the server and key from flags or the environment, the one API client
 * (@mfo/client) with the CLI's timeout, and its errors in one line, so `mfo publish` and `mfo run` share one idea
 * of them. A problem document (RFC 9457) is a refusal (exit 1: the server refused what was asked); a server that
 * cannot be reached or does not speak the API is a setup problem (exit 2, like a usage error).
 */
import { createFlowService, type FlowService, FlowServiceError } from "@mfo/client";
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

/** A client of the server at `connection.url` for the CLI: no retries (a command is run again by hand), a timeout. */
export function createCliClient(connection: Connection, timeoutMs = REQUEST_TIMEOUT_MS): FlowService {
  return createFlowService({ baseUrl: connection.url, apiKey: connection.key, retry: { attempts: 1 }, timeoutMs });
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

/** A failed call in one line, and whether the server refused (exit 1) or could not be reached as MFO (exit 2). */
export interface Failure {
  message: string;
  unreachable: boolean;
  error: FlowServiceError;
}

/**
 * Words a failed call: a problem document as "detail (status title)"; no answer, no answer in time, or an answer
 * that is not MFO's JSON (a proxy's HTML page, another program on that port) as a setup problem. Anything that is
 * not a FlowServiceError (an AbortError) is not a failure of the server: undefined.
 */
export function failureOf(error: unknown, connection: Connection, timeoutMs = REQUEST_TIMEOUT_MS): Failure | undefined {
  if (!(error instanceof FlowServiceError)) return undefined;
  const worded = (message: string, unreachable: boolean) => ({ message, unreachable, error });
  const { url } = connection;
  switch (error.kind) {
    case "unreachable":
      return worded(`cannot reach MFO at ${url}: ${reasonOf(error.cause)}`, true);
    case "timeout":
      return worded(`MFO at ${url} did not answer within ${timeoutMs / 1000} s`, true);
    case "not-json": {
      const what = `${error.status}${error.title ? ` ${error.title}` : ""}`;
      const type = error.contentType ? ` (${error.contentType.split(";")[0]})` : "";
      const message = `${url} answered ${error.request} with ${what}${type}, not MFO's JSON; is that the MFO server?`;
      return worded(message, true);
    }
    case "http":
      return worded(`the server answered ${error.status} (${error.status} ${error.title || "Error"})`, false);
    default:
      return worded(`${error.detail} (${error.status} ${error.title})`, false);
  }
}
