import { runtimeCatalogue } from "@mfo/runtime";
import { describe, expect, it } from "vitest";
import { migrationPack } from "./index.js";
import { createStrategyHandlers } from "./strategy-handlers.js";

describe("strategy handlers", () => {
  const handlers = createStrategyHandlers();

  it("are pure, uniquely named, in the runtime catalogue, with entries the catalogue schema accepts", () => {
    const names = handlers.map((h) => h.entry.name);
    expect(new Set(names).size).toBe(names.length);
    const catalogue = runtimeCatalogue([migrationPack]).handlers.map((e) => e.name);
    for (const { entry } of handlers) {
      expect(catalogue, entry.name).toContain(entry.name);
      expect(entry.pure, entry.name).toBe(true);
      expect(entry.title.length, entry.name).toBeLessThanOrEqual(100);
      expect(entry.description.length, entry.name).toBeLessThanOrEqual(1000);
      expect(entry.category, entry.name).toMatch(/^(assessment|finops|modernize|observability)$/);
    }
  });

  it("describe every top-level param with a title or a description, for the designer's forms", () => {
    for (const { entry } of handlers) {
      const properties = (
        entry.paramsSchema as { properties: Record<string, { title?: string; description?: string }> }
      ).properties;
      for (const [name, schema] of Object.entries(properties))
        expect(schema.title ?? schema.description, `${entry.name}.${name}`).toBeTruthy();
    }
  });
});
