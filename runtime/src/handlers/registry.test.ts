/**
 * The runtime's registries against the contract: the built-in handlers and validators must be exactly the
 * catalogue's names, each carrying the catalogue's own entry, so the catalogue and the runtime cannot drift.
 * Domain handlers come from packs (packs/merge-packs.test.ts), never from here.
 */
import { builtinCatalogue } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { createBuiltinValidators } from "../validators/registry.js";
import { builtinEntry } from "./builtin-entry.js";
import { createBuiltinHandlers } from "./registry.js";

const names = (entries: readonly { name: string }[]) => entries.map((entry) => entry.name).sort();

describe("built-in registries", () => {
  it("has a handler for exactly every handler of the built-in catalogue: noop, transform, http and log", () => {
    expect([...createBuiltinHandlers({}).keys()].sort()).toEqual(names(builtinCatalogue.handlers));
    expect(names(builtinCatalogue.handlers)).toEqual(["http", "log", "noop", "transform"]);
  });

  it("has a validator for exactly every validator of the built-in catalogue: required, schema and expression", () => {
    expect([...createBuiltinValidators().keys()].sort()).toEqual(names(builtinCatalogue.validators));
    expect(names(builtinCatalogue.validators)).toEqual(["expression", "required", "schema"]);
  });

  it("gives every built-in handler and validator the catalogue's own entry, params schema included", () => {
    const handlers = createBuiltinHandlers({ httpAllowHosts: ["127.0.0.1"] });
    for (const entry of builtinCatalogue.handlers) expect(handlers.get(entry.name)?.entry).toBe(entry);
    const validators = createBuiltinValidators();
    for (const entry of builtinCatalogue.validators) expect(validators.get(entry.name)?.entry).toBe(entry);
  });

  it("fails loudly when asked for an entry the catalogue lacks", () => {
    expect(() => builtinEntry("handlers", "teleport")).toThrow(
      'the built-in catalogue has no handler named "teleport"',
    );
  });
});
