import { builtinCatalogue, type CatalogueEntry, type PhaseNode } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { resolveParams } from "../expression/evaluate.js";
import { createNoopHandler } from "../handlers/noop.js";
import { runPhase } from "./run-phase.js";
import type { EngineDeps } from "./types.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("runPhase", () => {
  it("resolves '=' params but passes params that are JSON Schemas through literally", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const deps = {
      handlers: new Map([["noop", createNoopHandler()]]),
      validators: new Map([
        [
          "schema",
          {
            entry: builtinCatalogue.validators.find((v) => v.name === "schema") as CatalogueEntry,
            check: async (_output: unknown, params: Record<string, unknown>) => {
              seen.push(params);
              return { ok: true as const };
            },
          },
        ],
      ]),
      evaluate: async () => undefined,
      resolveParams: (params, context) => resolveParams(params, context),
      logger: quiet,
      now: () => new Date(),
      random: Math.random,
      prepareChild: async () => {
        throw new Error("unused");
      },
    } satisfies EngineDeps;
    const node: PhaseNode = {
      id: "check",
      type: "phase",
      handler: "noop",
      params: { output: { total: "=input.a + input.b" } },
      validators: [{ type: "schema", params: { schema: { properties: { op: { const: "=(" } } } } }],
    };
    const context = { input: { a: 2, b: 3 }, phases: {}, vars: {} };
    const result = await runPhase(deps, sampleFlow(), node, context, { instanceId: "i", attempt: 1 });
    expect(result).toEqual({ ok: true, output: { total: 5 } });
    expect(seen).toEqual([{ schema: { properties: { op: { const: "=(" } } } }]);
  });
});
