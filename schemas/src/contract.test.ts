/**
 * The contract holds together: the examples are valid, the registry and catalogue agree with the schemas, and the
 * derived types are what the schemas generate today.
 *
 * The repository's own examples/ are what everything else in it uses. The design's copy in ../shared/examples,
 * beside the repository when one is there, stays the external contract: this file is the one place in the
 * repository allowed to read it (tests/repo/self-contained.test.ts lists it by path), so every flow there must
 * stay valid and have its copy in examples/. A plain clone has no such folder, and skips only those checks.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { contractValidator, paramsValidator } from "./ajv/create-ajv.js";
import { validateBody } from "./api/validate-body.js";
import { validateWithUserSchema } from "./api/validate-with-user-schema.js";
import { builtinCatalogue, mergeCatalogues } from "./catalogue/catalogue.js";
import flowSchema from "./contract/flow.schema.json" with { type: "json" };
import { validateFlow } from "./flow/validate-flow.js";
import { nodeTypeInfo, nodeTypes } from "./node-types/node-types.js";

const here = dirname(fileURLToPath(import.meta.url));
const examplesDir = join(here, "..", "..", "examples");
const sharedExamplesDir = join(here, "..", "..", "..", "shared", "examples");
const noSharedExamples = !existsSync(sharedExamplesDir);

/** The JSON files of `dir`, sorted by name. */
async function jsonFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
}

/** A JSON file's parsed content. */
async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

describe("the examples (examples/)", async () => {
  const files = await jsonFiles(examplesDir);

  it("are there to test (a missing folder fails rather than skips)", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)("%s is a valid flow definition", async (file) => {
    const definition = await readJson(join(examplesDir, file));
    expect(validateFlow(definition)).toEqual({ valid: true, errors: [] });
  });
});

describe("the external contract's examples (../shared/examples beside the repository)", () => {
  it.skipIf(noSharedExamples)(
    "are all valid flow definitions (skipped when no ../shared/examples is beside the repository)",
    async () => {
      const files = await jsonFiles(sharedExamplesDir);
      expect(files.length).toBeGreaterThanOrEqual(1);
      for (const file of files) {
        expect(validateFlow(await readJson(join(sharedExamplesDir, file))), file).toEqual({ valid: true, errors: [] });
      }
    },
  );

  it.skipIf(noSharedExamples)(
    "each has a flow with its id in examples/ (skipped when no ../shared/examples is beside the repository)",
    async () => {
      const idsIn = async (dir: string) =>
        Promise.all((await jsonFiles(dir)).map(async (f) => ((await readJson(join(dir, f))) as { id?: unknown }).id));
      const ours = new Set(await idsIn(examplesDir));
      expect((await idsIn(sharedExamplesDir)).filter((id) => !ours.has(id))).toEqual([]);
    },
  );
});

describe("the node-type registry", () => {
  it("has exactly the node types of flow.schema.json, each with its schema and description", () => {
    const schemaTypes = flowSchema.$defs.node.oneOf.map(({ $ref }) => {
      const def = (flowSchema.$defs as Record<string, { properties?: { type?: { const?: string } } }>)[
        $ref.replace("#/$defs/", "")
      ];
      return def?.properties?.type?.const;
    });
    expect(nodeTypes.map((t) => t.type)).toEqual(schemaTypes);
    for (const t of nodeTypes) {
      expect(t.description.length).toBeGreaterThan(10);
      expect(t.schema).toBeTypeOf("object");
    }
  });

  it("answers undefined for a type that does not exist, without throwing", () => {
    expect(nodeTypeInfo("robot")).toBeUndefined();
    expect(nodeTypeInfo("__proto__")).toBeUndefined();
    expect(nodeTypeInfo(42)).toBeUndefined();
  });
});

describe("the built-in catalogue", () => {
  it("satisfies catalogue.schema.json", () => {
    const validate = contractValidator("catalogue.schema.json");
    expect(validate(builtinCatalogue), JSON.stringify(validate.errors)).toBe(true);
  });

  it("has the handlers and validators the format promises", () => {
    expect(builtinCatalogue.handlers.map((h) => h.name)).toEqual(["noop", "transform", "http", "log"]);
    expect(builtinCatalogue.validators.map((v) => v.name)).toEqual(["required", "schema", "expression"]);
  });

  it("has params schemas that compile in strict mode", () => {
    for (const entry of [...builtinCatalogue.handlers, ...builtinCatalogue.validators]) {
      expect(paramsValidator(entry.paramsSchema), entry.name).not.toBeInstanceOf(Error);
    }
  });

  it("lets a runtime add and override entries", () => {
    const custom = {
      name: "http",
      title: "Custom HTTP",
      description: "A replacement.",
      paramsSchema: {
        type: "object",
        required: ["endpoint"],
        properties: { endpoint: { type: "string" } },
        additionalProperties: false,
      },
    };
    const merged = mergeCatalogues(builtinCatalogue, { handlers: [custom], validators: [] });
    expect(merged.handlers.find((h) => h.name === "http")?.title).toBe("Custom HTTP");
    const flow = {
      id: "custom",
      name: "Custom",
      nodes: [
        { id: "start", type: "start" },
        { id: "call", type: "phase", handler: "http", params: { url: "https://example.org" } },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "call" },
        { id: "e2", source: "call", target: "end" },
      ],
    };
    expect(validateFlow(flow).valid).toBe(true);
    expect(validateFlow(flow, merged).errors.map((e) => e.path)).toEqual(["/nodes/1/params", "/nodes/1/params/url"]);
  });

  it("reports a custom entry whose params schema does not compile on the node, not as a throw", () => {
    const broken = { name: "broken", title: "Broken", description: "Bad schema.", paramsSchema: { type: "thing" } };
    const catalogue = mergeCatalogues(builtinCatalogue, { handlers: [broken], validators: [] });
    const flow = {
      id: "b",
      name: "B",
      nodes: [
        { id: "start", type: "start" },
        { id: "x", type: "phase", handler: "broken" },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "x" },
        { id: "e2", source: "x", target: "end" },
      ],
    };
    expect(validateFlow(flow, catalogue).errors).toEqual([
      expect.objectContaining({ code: "invalid-params", nodeId: "x", path: "/nodes/1" }),
    ]);
  });
});

describe("'=' values in params", () => {
  it("are exempt from the param's type and format, since they are computed at run time", () => {
    const flow = {
      id: "dyn",
      name: "Dynamic",
      nodes: [
        { id: "start", type: "start" },
        {
          id: "call",
          type: "phase",
          handler: "http",
          params: { url: "=input.endpoint", method: "=input.method", successStatus: "=[200, 201]" },
        },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "call" },
        { id: "e2", source: "call", target: "end" },
      ],
    };
    expect(validateFlow(flow).errors).toEqual([]);
  });
});

describe("the derived TypeScript types", () => {
  it("are what the schemas generate today (run `npm run generate -w schemas` after changing a schema)", async () => {
    // @ts-expect-error: a plain .mjs script without type declarations
    const { generate } = await import("../scripts/generate-types.mjs");
    const current = await readFile(join(here, "generated", "types.ts"), "utf8");
    expect(await generate()).toBe(current);
  });
});

describe("API bodies", () => {
  it("accepts a create-instance request and names what is wrong with a bad one", () => {
    expect(validateBody("createInstanceRequest", { flowType: "discovery", input: { source: "cmdb" } }).valid).toBe(
      true,
    );
    const bad = validateBody("createInstanceRequest", { flowType: "Discovery!", version: 0, colour: "red" });
    expect(bad.errors.map((e) => [e.path, e.code])).toEqual([
      ["/colour", "unknown-property"],
      ["/flowType", "invalid-value"],
      ["/version", "out-of-range"],
    ]);
  });

  it("describes RFC 9457 problem documents with validation errors", () => {
    const problem = {
      type: "https://mfo.dev/problems/invalid-definition",
      title: "The flow definition is invalid",
      status: 422,
      errors: validateFlow({ id: "x", name: "X", nodes: [], edges: [] }).errors,
    };
    expect(validateBody("problem", problem)).toEqual({ valid: true, errors: [] });
    expect(validateBody("problem", { ...problem, status: 200 }).valid).toBe(false);
  });

  it("answers a body that is not JSON with an error, not a throw", () => {
    const body: Record<string, unknown> = { flowType: "a" };
    body.self = body;
    expect(validateBody("createInstanceRequest", body).errors[0]?.code).toBe("not-json");
  });
});

describe("validateWithUserSchema", () => {
  const schema = { type: "object", required: ["source"], properties: { source: { type: "string", minLength: 1 } } };

  it("accepts input that satisfies a flow's input schema", () => {
    expect(validateWithUserSchema(schema, { source: "cmdb" })).toEqual({ valid: true, errors: [] });
  });

  it("reports what is wrong with pointers, in MFO's error shape", () => {
    expect(validateWithUserSchema(schema, { source: "" }).errors).toEqual([
      { path: "/source", code: "invalid-length", message: "Source must not be empty" },
    ]);
    expect(validateWithUserSchema(schema, {}).errors[0]?.code).toBe("missing-property");
  });

  it("says so when the schema itself is unusable, rather than throwing", () => {
    expect(validateWithUserSchema({ type: "nonsense" }, {}).errors[0]?.code).toBe("invalid-schema");
  });
});

describe("params that are themselves JSON Schemas", () => {
  it("take '=' strings literally (schema text, not expressions)", () => {
    const flow = {
      id: "literal",
      name: "Literal",
      nodes: [
        { id: "start", type: "start" },
        {
          id: "check",
          type: "phase",
          handler: "noop",
          validators: [{ type: "schema", params: { schema: { type: "object", properties: { op: { const: "=(" } } } } }],
        },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "check" },
        { id: "e2", source: "check", target: "end" },
      ],
    };
    expect(validateFlow(flow).errors).toEqual([]);
  });
});
