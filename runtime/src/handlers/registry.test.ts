/**
 * The runtime's registries against the contract: the built-in handlers and validators must be exactly the
 * catalogue's names, each carrying the catalogue's own entry, so the catalogue and the runtime cannot drift.
 */
import { builtinCatalogue } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { createBuiltinValidators } from "../validators/registry.js";
import { builtinEntry } from "./builtin-entry.js";
import { createBuiltinHandlers } from "./registry.js";

const names = (entries: readonly { name: string }[]) => entries.map((entry) => entry.name).sort();

describe("built-in registries", () => {
  it("has a handler for exactly every handler of the built-in catalogue", () => {
    expect([...createBuiltinHandlers({}).keys()].sort()).toEqual(names(builtinCatalogue.handlers));
  });

  it("has a validator for exactly every validator of the built-in catalogue", () => {
    expect([...createBuiltinValidators().keys()].sort()).toEqual(names(builtinCatalogue.validators));
  });

  it("gives every handler and validator the catalogue's own entry, params schema included", () => {
    for (const [name, handler] of createBuiltinHandlers({ httpAllowHosts: ["127.0.0.1"] })) {
      expect(handler.entry).toBe(builtinCatalogue.handlers.find((entry) => entry.name === name));
    }
    for (const [name, validator] of createBuiltinValidators()) {
      expect(validator.entry).toBe(builtinCatalogue.validators.find((entry) => entry.name === name));
    }
  });

  it("fails loudly when asked for an entry the catalogue lacks", () => {
    expect(() => builtinEntry("handlers", "teleport")).toThrow(
      'the built-in catalogue has no handler named "teleport"',
    );
  });
});
