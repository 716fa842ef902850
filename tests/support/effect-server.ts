/**
 * A loopback HTTP server that stands for the outside world an `http` phase changes: it records every call it
 * receives (idempotency key, body, when it arrived and was answered, the status), so a test can see side effects
 * from outside the runtime (each one happened, re-runs kept their key, no two calls for one step overlapped). It
 * can answer slowly or not at all, so a kill lands while a handler is in flight, and fail a step's first call
 * with a 503, so the caller's retry policy is exercised.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";

export interface EffectCall {
  /** The idempotency-key header (`instanceId:nodeId:attempt` when the runtime's http handler sends it). */
  key: string;
  /** The request body parsed as JSON; undefined when there is none or it is not JSON. */
  body: unknown;
  /** The request's headers (names in lower case), as received. */
  headers: IncomingMessage["headers"];
  /** When the request arrived, in `performance.now()` milliseconds. */
  start: number;
  /** When the answer was sent; unset while the call is unanswered. */
  end?: number;
  /** The status answered; unset while the call is unanswered. */
  status?: number;
}

export interface EffectServer {
  /** http://127.0.0.1:PORT/effect */
  url: string;
  /** The idempotency-key header of each call, in arrival order. */
  keys: string[];
  /** Every call, in arrival order. */
  calls: EffectCall[];
  /** Closes the server and any connection still held open. */
  close(): Promise<void>;
}

export interface EffectServerOptions {
  /** Answer after this long (default at once). */
  delayMs?: number;
  /** Calls (0-based) that are never answered: the caller stays in flight until it dies. */
  hold?: (call: number) => boolean;
  /**
   * Calls whose body this selects fail with 503 the first time their step calls (a step: the idempotency key
   * without its attempt number); the step's next call succeeds. A transient failure, for retry policies.
   */
  failFirst?: (body: unknown) => boolean;
}

/** The step a call belongs to: its idempotency key without the trailing attempt number. */
export function stepOfKey(key: string): string {
  const cut = key.lastIndexOf(":");
  return cut < 0 ? key : key.slice(0, cut);
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startEffectServer(options: EffectServerOptions = {}): Promise<EffectServer> {
  const keys: string[] = [];
  const calls: EffectCall[] = [];
  /** Steps that already had their one transient failure. */
  const failedSteps = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const call = calls.length;
    const record: EffectCall = {
      key: String(request.headers["idempotency-key"]),
      body: undefined,
      headers: request.headers,
      start: performance.now(),
    };
    calls.push(record);
    keys.push(record.key);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("end", () => {
      record.body = parseJson(Buffer.concat(chunks).toString("utf8"));
      if (options.hold?.(call)) return;
      const step = stepOfKey(record.key);
      const fail = options.failFirst?.(record.body) === true && !failedSteps.has(step);
      if (fail) failedSteps.add(step);
      const answer = () => {
        const status = fail ? 503 : 200;
        const body = fail ? { error: "busy, try again" } : { answered: call + 1 };
        record.status = status;
        record.end = performance.now();
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      if (!options.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, options.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/effect`,
    keys,
    calls,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
