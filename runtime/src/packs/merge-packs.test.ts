/** Packs merged into the built-ins: added by name, a name used twice stops the start naming both owners. */
import { describe, expect, it } from "vitest";
import { catalogueOf, runtimeCatalogue } from "../catalogue/runtime-catalogue.js";
import { createBuiltinHandlers } from "../handlers/registry.js";
import { type Handler, HandlerError, type Validator } from "../handlers/types.js";
import { createBuiltinValidators } from "../validators/registry.js";
import { loadPacks } from "./load-packs.js";
import { mergePacks } from "./merge-packs.js";
import { isPack, type Pack } from "./pack.js";
import { createPureHandler } from "./pure-handler.js";

const entry = (name: string) => ({ name, title: name, description: name, paramsSchema: { type: "object" } });
const handler = (name: string): Handler => createPureHandler(entry(name), () => name);
const validator = (name: string): Validator => ({ entry: entry(name), check: async () => ({ ok: true }) });
const builtins = () => ({ handlers: createBuiltinHandlers(), validators: createBuiltinValidators() });
const pack = (name: string, parts: Partial<Pack> = {}): Pack => ({
  name,
  handlers: [],
  validators: [],
  templates: [],
  ...parts,
});

describe("mergePacks", () => {
  it("adds each pack's handlers, validators and templates to the built-ins, in pack order", () => {
    const merged = mergePacks(builtins(), [
      pack("a", { handlers: [handler("score")], templates: [{ file: "one.json", definition: { id: "one" } }] }),
      pack("b", { validators: [validator("sane")], templates: [{ file: "two.json", definition: { id: "two" } }] }),
    ]);
    expect([...merged.handlers.keys()]).toEqual(["noop", "transform", "http", "log", "score"]);
    expect([...merged.validators.keys()]).toEqual(["required", "schema", "expression", "sane"]);
    expect(merged.templates).toEqual([
      { pack: "a", file: "one.json", definition: { id: "one" } },
      { pack: "b", file: "two.json", definition: { id: "two" } },
    ]);
    const catalogue = catalogueOf(merged.handlers, merged.validators);
    expect(catalogue.handlers.map((e) => e.name)).toContain("score");
  });

  it("without packs is the built-ins alone", () => {
    const merged = mergePacks(builtins(), []);
    expect([...merged.handlers.keys()]).toEqual(["noop", "transform", "http", "log"]);
    expect([...merged.validators.keys()]).toEqual(["required", "schema", "expression"]);
    expect(merged.templates).toEqual([]);
    expect(runtimeCatalogue().handlers.map((e) => e.name)).toEqual(["noop", "transform", "http", "log"]);
  });

  it("refuses a name registered twice, naming both owners", () => {
    expect(() => mergePacks(builtins(), [pack("a", { handlers: [handler("http")] })])).toThrow(
      'pack "a" registers the handler "http", already registered by the built-ins',
    );
    expect(() =>
      mergePacks(builtins(), [
        pack("a", { validators: [validator("sane")] }),
        pack("b", { validators: [validator("sane")] }),
      ]),
    ).toThrow('pack "b" registers the validator "sane", already registered by pack "a"');
    expect(() => mergePacks(builtins(), [pack("a"), pack("a")])).toThrow('pack "a" is loaded twice');
  });
});

describe("loadPacks", () => {
  it("names a pack that cannot be loaded, or a module that exports none", async () => {
    await expect(loadPacks(["@mfo/no-such-pack"])).rejects.toThrow(
      /MFO_PACKS: cannot load the pack "@mfo\/no-such-pack"/,
    );
    await expect(loadPacks(["node:path"])).rejects.toThrow('MFO_PACKS: "node:path" exports no pack');
    expect(await loadPacks([])).toEqual([]);
  });

  it("recognises a pack by its shape", () => {
    expect(isPack(pack("a", { handlers: [handler("x")] }))).toBe(true);
    expect(isPack({ name: "a", handlers: [{}], validators: [], templates: [] })).toBe(false);
    expect(isPack({ name: "", handlers: [], validators: [], templates: [] })).toBe(false);
    expect(isPack(null)).toBe(false);
  });
});

describe("a pack's errors", () => {
  it("are HandlerErrors to the engine although thrown by another copy of the runtime's module", () => {
    // What a pack built against the runtime's dist throws while the runtime runs from source (or a second install).
    const foreign = Object.assign(new Error("no such wave"), {
      code: "invalid-data",
      retryable: false,
      [Symbol.for("mfo.handler-error")]: true,
    });
    expect(foreign instanceof HandlerError).toBe(true);
    expect(new HandlerError("x", "y") instanceof HandlerError).toBe(true);
    expect(new Error("plain") instanceof HandlerError).toBe(false);
    expect((null as unknown) instanceof HandlerError).toBe(false);
  });
});
