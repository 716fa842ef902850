import { describe, expect, it } from "vitest";
import { secretCalls } from "../../expression/secret-calls.js";
import { validateFlow } from "../validate-flow.js";
import { secretReferences } from "./secrets.js";

/** start -> call (an http phase with `params`) -> shape (a transform) -> done. */
function flow(params: Record<string, unknown>, transform = "phases.call.output") {
  return {
    id: "uses-secret",
    name: "Uses a secret",
    nodes: [
      { id: "start", type: "start" },
      { id: "call", type: "phase", handler: "http", params: { method: "GET", url: "https://example.com", ...params } },
      { id: "shape", type: "phase", handler: "transform", params: { expression: transform } },
      { id: "done", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "call" },
      { id: "e2", source: "call", target: "shape" },
      { id: "e3", source: "shape", target: "done" },
    ],
  };
}

const errorsOf = (definition: unknown, secrets?: string[]) =>
  validateFlow(definition, undefined, secrets ? { secrets } : {}).errors;

describe("secretCalls", () => {
  it("finds the names read with a string literal, each once", () => {
    expect(secretCalls('"Bearer " & $secret("api.token") & $secret("api.token") & $secret(\'other\')')).toEqual({
      names: ["api.token", "other"],
      problems: [],
    });
  });

  it("refuses a computed name, a bad name and $secret used as a value", () => {
    expect(secretCalls("$secret(input.name)").problems).toHaveLength(1);
    expect(secretCalls('$secret("1bad")').problems).toEqual([expect.stringContaining('"1bad" is not a secret name')]);
    expect(secretCalls("$map(['a'], $secret)").problems).toHaveLength(1);
    expect(secretCalls('($secret := function($n) { $n }; $secret("a"))').problems).not.toHaveLength(0);
  });

  it("ignores text that only mentions it, and expressions that do not parse", () => {
    expect(secretCalls('"$secret"').names).toEqual([]);
    expect(secretCalls('$secret("a"').names).toEqual([]);
  });
});

describe("$secret in a flow definition", () => {
  it('is allowed in a phase\'s "=" params, and listed with its node and path', () => {
    const definition = flow({ headers: { Authorization: '="Bearer " & $secret("api-token")' } });
    expect(errorsOf(definition)).toEqual([]);
    expect(secretReferences(definition)).toEqual([
      { nodeId: "call", path: "/nodes/1/params/headers/Authorization", name: "api-token" },
    ]);
  });

  it("is only text in a literal param (no '=')", () => {
    const definition = flow({ body: '$secret("x")' });
    expect(errorsOf(definition, [])).toEqual([]);
    expect(secretReferences(definition)).toEqual([]);
  });

  it("fails with secret-missing naming the secret and the node when the tenant does not have it", () => {
    const definition = flow({ headers: { Authorization: '=$secret("api-token")' } });
    expect(errorsOf(definition, ["api-token"])).toEqual([]);
    expect(errorsOf(definition, ["other"])).toEqual([
      expect.objectContaining({
        code: "secret-missing",
        nodeId: "call",
        path: "/nodes/1/params/headers/Authorization",
        message: expect.stringMatching(/node "call" reads the secret "api-token"/),
      }),
    ]);
  });

  it("is refused in a transform, where its value would land in the context", () => {
    expect(errorsOf(flow({}, '{ "token": $secret("api-token") }'))).toEqual([
      expect.objectContaining({ code: "secret-not-allowed", nodeId: "shape", path: "/nodes/2/params/expression" }),
    ]);
  });

  it("is refused in a decision's condition, a wait's until and a validator's params", () => {
    const definition = flow({});
    definition.nodes.splice(3, 0, { id: "later", type: "wait", until: '$secret("t")' } as never);
    (definition.nodes[1] as Record<string, unknown>).validators = [
      { type: "jsonSchema", params: { schema: { type: "object" } } },
      { type: "expression", params: { expression: '=$secret("t")' } },
    ];
    definition.edges[2] = { id: "e3", source: "shape", target: "later" };
    definition.edges.push({ id: "e4", source: "later", target: "done" });
    const codes = errorsOf(definition).filter((e) => e.code === "secret-not-allowed");
    expect(codes.map((e) => e.path).sort()).toEqual(["/nodes/1/validators/1/params/expression", "/nodes/3/until"]);
  });

  it("refuses a name that is not a string literal", () => {
    expect(errorsOf(flow({ url: "=$secret(input.which)" }))).toEqual([
      expect.objectContaining({ code: "invalid-secret-reference", path: "/nodes/1/params/url" }),
    ]);
  });
});
