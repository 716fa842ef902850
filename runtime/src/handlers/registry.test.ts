/**
 * The runtime's registries against the contract: the built-in handlers and validators must be exactly the
 * catalogue's names, each carrying the catalogue's own entry, so the catalogue and the runtime cannot drift; beside
 * them sit the runtime's own domain handlers and validators (the templates' work), whose names clash with none.
 */
import { builtinCatalogue } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { createOperationsHandlers, createOperationsValidators } from "../domain/operations-handlers.js";
import { createStrategyHandlers } from "../domain/strategy-handlers.js";
import { createBuiltinValidators } from "../validators/registry.js";
import { builtinEntry } from "./builtin-entry.js";
import { createBuiltinHandlers } from "./registry.js";

const names = (entries: readonly { name: string }[]) => entries.map((entry) => entry.name).sort();

const domainHandlers = [...createStrategyHandlers(), ...createOperationsHandlers()].map((h) => h.entry);
const domainValidators = createOperationsValidators().map((v) => v.entry);

describe("built-in registries", () => {
  it("has a handler for exactly every handler of the built-in catalogue, and the domain handlers", () => {
    expect([...createBuiltinHandlers({}).keys()].sort()).toEqual(
      [...names(builtinCatalogue.handlers), ...names(domainHandlers)].sort(),
    );
    expect(new Set(names([...builtinCatalogue.handlers, ...domainHandlers])).size).toBe(
      builtinCatalogue.handlers.length + domainHandlers.length,
    );
  });

  it("has a validator for exactly every validator of the built-in catalogue, and the domain validators", () => {
    expect([...createBuiltinValidators().keys()].sort()).toEqual(
      [...names(builtinCatalogue.validators), ...names(domainValidators)].sort(),
    );
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
