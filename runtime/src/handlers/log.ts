/**
 * The `log` handler: writes a line through the attempt's logger, which already carries the instance and node,
 * so a flow can leave breadcrumbs in the runtime log.
 */
import { builtinEntry } from "./builtin-entry.js";
import type { Handler, HandlerLogger } from "./types.js";

const levels = new Set<keyof HandlerLogger>(["debug", "info", "warn", "error"]);

function isLevel(value: unknown): value is keyof HandlerLogger {
  return typeof value === "string" && levels.has(value as keyof HandlerLogger);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Logs `params.message` with `params.fields` at `params.level` (default info) and returns `{ logged: true }`. */
export function createLogHandler(): Handler {
  return {
    entry: builtinEntry("handlers", "log"),
    async run(params, ctx) {
      const level = isLevel(params.level) ? params.level : "info";
      const fields = isRecord(params.fields) ? { ...params.fields } : {};
      ctx.logger[level](fields, String(params.message ?? ""));
      return { logged: true };
    },
  };
}
