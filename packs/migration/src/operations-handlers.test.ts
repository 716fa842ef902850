import { runtimeCatalogue } from "@mfo/runtime";
import { checkUserSchema } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { migrationPack } from "./index.js";
import { createOperationsHandlers, createOperationsValidators } from "./operations-handlers.js";

describe("operations handlers and validators", () => {
  const handlers = createOperationsHandlers();
  const validators = createOperationsValidators();

  it("are uniquely named, in the runtime catalogue, with entries the catalogue schema accepts", () => {
    const catalogue = runtimeCatalogue([migrationPack]);
    for (const [kind, entries, registered] of [
      ["handler", handlers.map((h) => h.entry), catalogue.handlers],
      ["validator", validators.map((v) => v.entry), catalogue.validators],
    ] as const) {
      const names = entries.map((e) => e.name);
      expect(new Set(names).size, kind).toBe(names.length);
      for (const entry of entries) {
        expect(registered, entry.name).toContainEqual(entry);
        expect(entry.name).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(entry.title.length, entry.name).toBeLessThanOrEqual(100);
        expect(entry.description.length, entry.name).toBeLessThanOrEqual(1000);
        expect(entry.category, entry.name).toBe("migration");
        expect(checkUserSchema(entry.paramsSchema), entry.name).toBeNull();
      }
    }
    // Pure: the engine may run them in memory and batch their commits.
    for (const { entry } of handlers) expect(entry.pure, entry.name).toBe(true);
  });

  it("describe every param with a title and a description, for the designer's forms", () => {
    for (const entry of [...handlers, ...validators].map((x) => x.entry)) {
      const properties = (
        entry.paramsSchema as { properties: Record<string, { title?: string; description?: string }> }
      ).properties;
      for (const [name, schema] of Object.entries(properties)) {
        expect(schema.title, `${entry.name}.${name}`).toBeTruthy();
        expect(schema.description, `${entry.name}.${name}`).toBeTruthy();
      }
    }
  });
});
