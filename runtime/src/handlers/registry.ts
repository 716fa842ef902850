/**
 * The built-in handlers, keyed by their catalogue name. The engine looks handlers up here; packs add theirs
 * to the same map at start-up (packs/merge-packs.ts).
 */
import type { ExpressionEvaluator } from "../expression/expression-pool.js";
import { createHttpHandler } from "./http.js";
import { createLogHandler } from "./log.js";
import { createNoopHandler } from "./noop.js";
import { createTransformHandler } from "./transform.js";
import type { Handler } from "./types.js";

export interface BuiltinHandlerOptions {
  /** Hosts the `http` handler may call although private or loopback (MFO_HTTP_ALLOW_HOSTS, see parseAllowHosts). */
  httpAllowHosts?: string[];
  /** Time limit of a `transform` expression, in milliseconds; default 1000. */
  expressionTimeoutMs?: number;
  /** Where `transform` evaluates its expression (the runtime's expression pool); default the shared pool. */
  expressions?: ExpressionEvaluator;
}

/** A fresh map of the built-in handlers, `noop`, `transform`, `http` and `log`, by name. */
export function createBuiltinHandlers(options: BuiltinHandlerOptions = {}): Map<string, Handler> {
  const handlers: Handler[] = [
    createNoopHandler(),
    createTransformHandler({
      ...(options.expressionTimeoutMs === undefined ? {} : { timeoutMs: options.expressionTimeoutMs }),
      ...(options.expressions ? { expressions: options.expressions } : {}),
    }),
    createHttpHandler({ allowHosts: options.httpAllowHosts ?? [] }),
    createLogHandler(),
  ];
  return new Map(handlers.map((handler) => [handler.entry.name, handler]));
}
