/**
 * The migration pack on the runtime: a runtime built with it publishes the eight templates at start-up and has
 * the domain handlers and validators in its catalogue beside the built-ins, whose names none of them reuse.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, runtimeCatalogue } from "@mfo/runtime";
import { builtinCatalogue, type Catalogue } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import migrationPackDefault, { createMigrationPack, migrationPack } from "./index.js";
import { createOperationsHandlers, createOperationsValidators } from "./operations-handlers.js";
import { createStrategyHandlers } from "./strategy-handlers.js";
import { templateTestConfig } from "./testing/template-runtime.js";

const TEMPLATES = [
  "assessment",
  "decommission",
  "discovery",
  "execution",
  "finops",
  "modernize",
  "observability",
  "planning",
];
const names = (entries: readonly { name: string }[]) => entries.map((entry) => entry.name).sort();

describe("the migration pack", () => {
  it("is the module's default export: the strategy and operations handlers, their validators, eight templates", () => {
    expect(migrationPackDefault).toBe(migrationPack);
    const pack = createMigrationPack();
    expect(pack.name).toBe("migration");
    expect(names(pack.handlers.map((h) => h.entry))).toEqual(
      names([...createStrategyHandlers(), ...createOperationsHandlers()].map((h) => h.entry)),
    );
    expect(names(pack.validators.map((v) => v.entry))).toEqual(names(createOperationsValidators().map((v) => v.entry)));
    expect(pack.templates.map((t) => (t.definition as { id: string }).id)).toEqual(TEMPLATES);
  });

  it("reuses none of the built-in names, so the runtime merges it without a clash", () => {
    const domainHandlers = migrationPack.handlers.map((h) => h.entry);
    const domainValidators = migrationPack.validators.map((v) => v.entry);
    expect(new Set(names([...builtinCatalogue.handlers, ...domainHandlers])).size).toBe(
      builtinCatalogue.handlers.length + domainHandlers.length,
    );
    expect(new Set(names([...builtinCatalogue.validators, ...domainValidators])).size).toBe(
      builtinCatalogue.validators.length + domainValidators.length,
    );
    const catalogue = runtimeCatalogue([migrationPack]);
    expect(names(catalogue.handlers)).toEqual(names([...builtinCatalogue.handlers, ...domainHandlers]));
    expect(names(catalogue.validators)).toEqual(names([...builtinCatalogue.validators, ...domainValidators]));
  });

  it("on a runtime: publishes the eight templates at start-up, its handlers and validators in the catalogue", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mfo-pack-"));
    const runtime = await createRuntime(templateTestConfig(dataDir), { packs: [migrationPack] });
    try {
      expect(runtime.published.map((p) => p.file)).toEqual(
        TEMPLATES.map((id) => `migration/templates/${id}/${id}.json`),
      );
      expect(runtime.published.every((p) => p.error === undefined && p.version === 1)).toBe(true);
      const get = async (path: string) =>
        (await runtime.app.request(path, { headers: { authorization: `Bearer ${runtime.adminKey}` } })).json();
      const types = (await get("/api/v1/flow-types")) as { items: { id: string }[] };
      expect(types.items.map((t) => t.id)).toEqual(TEMPLATES);
      const catalogue = (await get("/api/v1/catalogue")) as Catalogue;
      expect(names(catalogue.handlers)).toEqual(
        names([...builtinCatalogue.handlers, ...migrationPack.handlers.map((h) => h.entry)]),
      );
      expect(names(catalogue.validators)).toContain("asset");
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
