/**
 * Process metrics (CPU, memory, event loop, garbage collection, handles), from prom-client's default collectors.
 * They describe the Node.js process, not a runtime, so one registry per process holds them however many
 * runtimes the process builds (tests build dozens; each collector set leaves observers behind that never stop).
 * It is a registry of our own, never prom-client's global one.
 */
import { collectDefaultMetrics, Registry } from "prom-client";

let shared: Registry | undefined;

/** The process's registry of default metrics, created on first use. */
export function processRegistry(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
