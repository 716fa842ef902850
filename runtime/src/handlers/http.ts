/**
 * The `http` handler: one HTTP call per attempt, returning { status, headers, body }. Built on node:http(s)
 * rather than fetch because the SSRF guard must choose the address the socket connects to (a custom `lookup`)
 * and see every redirect hop, which fetch hides. Errors carry whether a retry could help: 5xx, 429, network
 * failures and timeouts may; other statuses, refusals and unreadable bodies will not. Every call is bounded by
 * its own time limits (name lookup and connection, and the whole call), whatever the attempt's signal does.
 */
import type { LookupAddress } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { builtinEntry } from "./builtin-entry.js";
import { guardTarget, pinnedLookup, type Resolver } from "./ssrf-guard.js";
import { type Handler, type HandlerContext, HandlerError } from "./types.js";

export interface HttpHandlerOptions {
  /** Hosts that may be called although they resolve to private, loopback or link-local addresses. */
  allowHosts?: readonly string[];
  /** Largest response body read, in bytes; default 10 MiB. */
  maxResponseBytes?: number;
  /** Redirects followed before giving up; default 5. */
  maxRedirects?: number;
  /** Host name resolution; the system resolver unless a test supplies one. */
  resolve?: Resolver;
  /** Longest the name lookup, and then the connection (TCP and TLS), of one hop may take; default 10 s. */
  connectTimeoutMs?: number;
  /** Longest a whole call may take, redirects and body included; default 5 min. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * The attempt's timeout (a phase's `timeoutMs`, 30 s by default) normally ends a call first; this bound holds
 * when nothing aborts the attempt's signal, and is long enough for a slow legitimate download.
 */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that identify the caller; not forwarded when a redirect leaves the origin. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

interface Exchange {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

interface HttpRequestParams {
  exchange: Exchange;
  responseType: "json" | "text";
  isSuccess: (status: number) => boolean;
}

/** The URL without credentials or query, which may hold secrets, for messages. */
function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function invalid(message: string): HandlerError {
  return new HandlerError(message, "invalid-request", false);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readParams(params: Record<string, unknown>, ctx: HandlerContext): HttpRequestParams {
  if (typeof params.url !== "string") throw invalid("params.url must be a string");
  let url: URL;
  try {
    url = new URL(params.url);
  } catch {
    throw invalid(`params.url is not a URL: ${params.url.slice(0, 200)}`);
  }
  url.hash = "";
  if (isRecord(params.query)) {
    for (const [key, value] of Object.entries(params.query)) url.searchParams.append(key, String(value));
  }
  const method = typeof params.method === "string" ? params.method.toUpperCase() : "GET";
  const responseType = params.responseType === "text" ? "text" : "json";
  // Lower-case names so that a flow's header replaces a default whatever its spelling; no prototype to hit.
  const headers = Object.create(null) as Record<string, string>;
  if (isRecord(params.headers)) {
    for (const [name, value] of Object.entries(params.headers)) headers[name.toLowerCase()] = String(value);
  }
  headers.accept ??= responseType === "json" ? "application/json" : "*/*";
  // The same key on a re-run attempt lets the server drop the duplicate; a flow may supply its own.
  headers["idempotency-key"] ??= ctx.idempotencyKey;
  let body: Buffer | undefined;
  if (typeof params.body === "string") {
    body = Buffer.from(params.body, "utf8");
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (params.body !== undefined) {
    body = Buffer.from(JSON.stringify(params.body), "utf8");
    headers["content-type"] ??= "application/json";
  }
  const listed = Array.isArray(params.successStatus) ? new Set(params.successStatus) : undefined;
  const isSuccess = (status: number) => (listed ? listed.has(status) : status >= 200 && status <= 299);
  return { exchange: { url, method, headers, body }, responseType, isSuccess };
}

function abortError(url: URL, signal: AbortSignal): HandlerError {
  const reason = signal.reason as { name?: unknown; message?: unknown } | undefined;
  const timedOut = reason?.name === "TimeoutError";
  const why = typeof reason?.message === "string" ? `: ${reason.message}` : "";
  return new HandlerError(`request to ${describeUrl(url)} aborted${why}`, timedOut ? "timeout" : "aborted");
}

/** A signal that aborts after `ms` with a TimeoutError saying `message`, and a way to stop its timer early. */
function deadline(ms: number, message: string): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(message, "TimeoutError")), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (DNS lookups cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, url: URL): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(url, signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(url, signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function networkError(error: unknown, url: URL, signal: AbortSignal): HandlerError {
  if (error instanceof HandlerError) return error;
  if (signal.aborted) return abortError(url, signal);
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  // Node refuses bad header names/values and methods before anything is sent: a flow error, not the network's.
  if (code.startsWith("ERR_INVALID") || code === "ERR_HTTP_INVALID_HEADER_VALUE") {
    return invalid(`request to ${describeUrl(url)} is invalid: ${String(e.message)}`);
  }
  const detail = code === "" ? String(e.message ?? error) : code;
  return new HandlerError(`request to ${describeUrl(url)} failed: ${detail}`, "network-error");
}

/**
 * Sends one hop to the checked addresses and resolves with the response head; the body is still unread. A socket
 * that is not connected (and for https, through TLS) within `connectTimeoutMs` fails the hop as a timeout.
 */
function send(
  exchange: Exchange,
  addresses: LookupAddress[],
  agents: { http: http.Agent; https: https.Agent },
  signal: AbortSignal,
  connectTimeoutMs: number,
): Promise<IncomingMessage> {
  const { url, method, headers, body } = exchange;
  const secure = url.protocol === "https:";
  return new Promise((resolve, reject) => {
    try {
      const request = (secure ? https : http).request(url, {
        method,
        headers: body === undefined ? { ...headers } : { ...headers, "content-length": String(body.length) },
        lookup: pinnedLookup(addresses),
        agent: secure ? agents.https : agents.http,
        signal,
      });
      const connectTimer = setTimeout(() => {
        const message = `no connection to ${describeUrl(url)} within ${connectTimeoutMs} ms`;
        request.destroy(new HandlerError(message, "timeout"));
      }, connectTimeoutMs);
      request.once("socket", (socket) => {
        // A kept-alive socket is connected already; a new one is not until its TCP (and TLS) handshake is done.
        const connected = () => clearTimeout(connectTimer);
        if (request.reusedSocket) connected();
        else if (secure) socket.once("secureConnect", connected);
        else if (socket.connecting) socket.once("connect", connected);
        else connected();
      });
      request.once("close", () => clearTimeout(connectTimer));
      request.once("response", resolve);
      // `on`, not `once`: a socket error after the response head (e.g. while the body streams) must not crash.
      request.on("error", (error) => reject(networkError(error, url, signal)));
      request.end(body);
    } catch (error) {
      reject(networkError(error, url, signal));
    }
  });
}

async function readBody(response: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = () =>
    new HandlerError(`response from ${describeUrl(url)} is larger than ${maxBytes} bytes`, "response-too-large", false);
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw networkError(error, url, signal);
  }
  return Buffer.concat(chunks, total);
}

function decode(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes); // an unknown charset label
  }
}

function parseBody(text: string, responseType: "json" | "text", url: URL): unknown {
  if (responseType === "text") return text;
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HandlerError(`response from ${describeUrl(url)} is not valid JSON: ${reason}`, "invalid-json", false);
  }
}

function plainHeaders(response: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && name !== "__proto__") out[name] = value;
  }
  return out;
}

/** The request for the next hop of a redirect, following what browsers do with methods and bodies. */
function redirected(exchange: Exchange, status: number, location: string): Exchange {
  let url: URL;
  try {
    url = new URL(location, exchange.url);
  } catch {
    throw new HandlerError(
      `redirect from ${describeUrl(exchange.url)} has an invalid location`,
      "invalid-redirect",
      false,
    );
  }
  url.hash = "";
  const headers = Object.assign(Object.create(null) as Record<string, string>, exchange.headers);
  if (url.origin !== exchange.url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
  const toGet =
    status === 303 ? exchange.method !== "HEAD" : (status === 301 || status === 302) && exchange.method === "POST";
  if (!toGet) return { url, method: exchange.method, headers, body: exchange.body };
  delete headers["content-type"];
  return { url, method: "GET", headers, body: undefined };
}

/** The built-in `http` handler; refuses private, loopback and link-local targets unless `allowHosts` lists them. */
export function createHttpHandler(options: HttpHandlerOptions = {}): Handler {
  const allowHosts = new Set(options.allowHosts ?? []);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Own agents: pooled sockets were all connected to checked addresses, never shared with other code.
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return {
    entry: builtinEntry("handlers", "http"),
    async run(params, ctx) {
      const { responseType, isSuccess, exchange: first } = readParams(params, ctx);
      const whole = deadline(timeoutMs, `no complete answer within ${timeoutMs} ms`);
      const signal = AbortSignal.any([ctx.signal, whole.signal]);
      try {
        let exchange = first;
        for (let hop = 0; ; hop++) {
          const { url, method } = exchange;
          const lookup = deadline(connectTimeoutMs, `${url.hostname} not resolved within ${connectTimeoutMs} ms`);
          const addresses = await untilAborted(
            guardTarget(url, allowHosts, options.resolve),
            AbortSignal.any([signal, lookup.signal]),
            url,
          ).finally(lookup.clear);
          const response = await send(exchange, addresses, agents, signal, connectTimeoutMs);
          const status = response.statusCode ?? 0;
          const location = response.headers.location;
          if (REDIRECTS.has(status) && !isSuccess(status) && location !== undefined) {
            response.destroy(); // an unread body of any size is not worth the socket
            if (hop >= maxRedirects) {
              throw new HandlerError(
                `more than ${maxRedirects} redirects from ${describeUrl(first.url)}`,
                "too-many-redirects",
                false,
              );
            }
            exchange = redirected(exchange, status, location);
            continue;
          }
          if (!isSuccess(status)) {
            response.destroy();
            const retryable = status >= 500 || status === 429;
            const text = `${method} ${describeUrl(url)} answered ${status} ${response.statusMessage ?? ""}`.trim();
            throw new HandlerError(text, "http-status", retryable);
          }
          const bytes = await readBody(response, url, maxBytes, signal);
          const body =
            method === "HEAD" ? null : parseBody(decode(bytes, response.headers["content-type"]), responseType, url);
          return { status, headers: plainHeaders(response), body };
        }
      } finally {
        whole.clear();
      }
    },
  };
}
