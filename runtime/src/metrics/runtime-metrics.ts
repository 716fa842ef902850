/**
 * A runtime's Prometheus metrics: its own registry (several runtimes may share a process, so never prom-client's
 * global one) with the engine's counters, the database gauges and HTTP durations, rendered together with the
 * process's default metrics. create-runtime builds it, hands the observer to the engine and the rest to the app.
 */
import type { MiddlewareHandler } from "hono";
import { Registry } from "prom-client";
import type { EngineObserver } from "../engine/types.js";
import type { Db } from "../store/database.js";
import { registerDatabaseGauges } from "./database-gauges.js";
import { createEngineMetrics } from "./engine-metrics.js";
import { renderMetrics } from "./exposition.js";
import { createHttpMetrics } from "./http-metrics.js";
import { processRegistry } from "./process-metrics.js";

export interface RuntimeMetricsOptions {
  db: Db;
  log: { warn(fields: object, message: string): void };
  /** The clock the queue lag is measured against (default: the system clock). */
  now?: () => Date;
}

export interface RuntimeMetrics {
  /** Feeds the engine's counters; give it to the Engine as `observer`. */
  observer: EngineObserver;
  /** Times every HTTP request; the app registers it before any other middleware. */
  http: MiddlewareHandler;
  /** Content-Type of the scrape (Prometheus text format 0.0.4). */
  contentType: string;
  /** The text exposition: everything, or with `tenant` only that tenant's series besides the installation's. */
  scrape(tenant?: string): Promise<string>;
}

export function createRuntimeMetrics(options: RuntimeMetricsOptions): RuntimeMetrics {
  const registry = new Registry();
  const warn = (what: string) => (error: unknown) => options.log.warn({ err: String(error) }, what);
  const observer = createEngineMetrics(registry, warn("could not count an engine transition"));
  registerDatabaseGauges(registry, {
    db: options.db,
    now: options.now ?? (() => new Date()),
    onError: warn("could not read a metric from the database"),
  });
  return {
    observer,
    http: createHttpMetrics(registry),
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    scrape: (tenant) => renderMetrics([processRegistry(), registry], tenant),
  };
}
