/**
 * Adds packs to the built-in handlers and validators. A name registered twice is a start-up error naming
 * both owners: the engine looks a phase's handler up by name, so a silent override would run another
 * pack's code than the flow was published against.
 */
import type { Handler, Validator } from "../handlers/types.js";
import type { Pack, PackTemplate } from "./pack.js";

const BUILTIN = "the built-ins";

export interface MergedPacks {
  handlers: Map<string, Handler>;
  validators: Map<string, Validator>;
  /** Every pack's templates, in pack order, each with the pack it came from. */
  templates: Array<PackTemplate & { pack: string }>;
}

function addAll<T extends { entry: { name: string } }>(
  kind: "handler" | "validator",
  into: Map<string, T>,
  owners: Map<string, string>,
  items: readonly T[],
  owner: string,
): void {
  for (const item of items) {
    const { name } = item.entry;
    const taken = owners.get(name);
    if (taken !== undefined)
      throw new Error(`pack "${owner}" registers the ${kind} "${name}", already registered by ${taken}`);
    into.set(name, item);
    owners.set(name, owner === BUILTIN ? BUILTIN : `pack "${owner}"`);
  }
}

/** The built-ins with every pack's handlers, validators and templates added; throws on a name used twice. */
export function mergePacks(
  builtins: { handlers: ReadonlyMap<string, Handler>; validators: ReadonlyMap<string, Validator> },
  packs: readonly Pack[],
): MergedPacks {
  const handlers = new Map<string, Handler>();
  const validators = new Map<string, Validator>();
  const handlerOwners = new Map<string, string>();
  const validatorOwners = new Map<string, string>();
  addAll("handler", handlers, handlerOwners, [...builtins.handlers.values()], BUILTIN);
  addAll("validator", validators, validatorOwners, [...builtins.validators.values()], BUILTIN);
  const names = new Set<string>();
  const templates: MergedPacks["templates"] = [];
  for (const pack of packs) {
    if (names.has(pack.name)) throw new Error(`pack "${pack.name}" is loaded twice`);
    names.add(pack.name);
    addAll("handler", handlers, handlerOwners, pack.handlers, pack.name);
    addAll("validator", validators, validatorOwners, pack.validators, pack.name);
    for (const template of pack.templates) templates.push({ ...template, pack: pack.name });
  }
  return { handlers, validators, templates };
}
