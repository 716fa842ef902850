/**
 * The pack contract: what a package hands the runtime to add its own handlers, validators and flow templates
 * to the built-ins. A pack is plain data of ready instances, not factories: the runtime has nothing to
 * configure in a pack's handlers (each reads its params at run time), so a pack that needs options (an allow
 * list, a base URL) takes them in its own factory and the embedder passes the configured pack.
 */
import type { Handler, Validator } from "../handlers/types.js";

/** A flow definition a pack publishes at start-up, named by its file for the start-up report. */
export interface PackTemplate {
  /** Where the definition comes from inside the pack (e.g. "templates/assessment/assessment.json"). */
  file: string;
  /** The flow definition, checked at start-up like any published flow (so it stays `unknown` here). */
  definition: unknown;
}

export interface Pack {
  /** Names the pack in start-up errors (a handler name two packs register) and in the published report. */
  name: string;
  handlers: Handler[];
  validators: Validator[];
  /** Published at start-up in this order, before MFO_FLOWS_DIR (a template may use an earlier one as subflow). */
  templates: PackTemplate[];
}

/** Whether `value` has the shape of a Pack (what a pack module must export). */
export function isPack(value: unknown): value is Pack {
  if (typeof value !== "object" || value === null) return false;
  const pack = value as Partial<Record<keyof Pack, unknown>>;
  const named = (items: unknown) =>
    Array.isArray(items) &&
    items.every((item) => typeof (item as { entry?: { name?: unknown } } | null)?.entry?.name === "string");
  return (
    typeof pack.name === "string" &&
    pack.name !== "" &&
    named(pack.handlers) &&
    named(pack.validators) &&
    Array.isArray(pack.templates) &&
    pack.templates.every((t) => typeof (t as { file?: unknown } | null)?.file === "string")
  );
}
