import { builtinCatalogue, validateFlow } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { assignErrors, collectFieldPointers, errorsAt, relativeErrors } from "./field-errors.js";
import { buildFieldModel, type JsonSchema } from "./field-model.js";

const http = buildFieldModel(builtinCatalogue.handlers.find((h) => h.name === "http")?.paramsSchema as JsonSchema, {
  required: true,
  toggle: false,
});

describe("errors by pointer", () => {
  it("lists the pointer of every rendered field, following the value", () => {
    const value = { url: "=input.url", headers: { Accept: "x" }, successStatus: [200, 201], body: { deep: 1 } };
    const pointers = collectFieldPointers(http, value);
    expect([...pointers].sort()).toEqual(
      [
        "",
        "/url",
        "/method",
        "/headers",
        "/headers/Accept",
        "/query",
        "/body",
        "/responseType",
        "/successStatus",
        "/successStatus/0",
        "/successStatus/1",
      ].sort(),
    );
  });

  it("puts each error on its field, inside-JSON errors on the nearest field, the rest on the root", () => {
    const value = { url: "ftp://x", successStatus: [200, 99], body: { a: { b: 1 } } };
    const index = assignErrors(
      [
        { path: "/url", message: "must match ^https?://" },
        { path: "/successStatus/1", message: "must be >= 100" },
        { path: "/body/a/b", message: "deep problem" },
        { path: "/unknown", message: 'unknown property "unknown"' },
        { path: "", message: 'missing required property "method"' },
        { path: "", message: 'missing required property "nope"' },
      ],
      collectFieldPointers(http, value),
    );
    expect(errorsAt(index, "/url")).toEqual(["must match ^https?://"]);
    expect(errorsAt(index, "/successStatus/1")).toEqual(["must be >= 100"]);
    expect(errorsAt(index, "/successStatus/0")).toEqual([]);
    expect(errorsAt(index, "/body")).toEqual(["deep problem"]);
    expect(errorsAt(index, "/method")).toEqual(['missing required property "method"']);
    expect(errorsAt(index, "")).toEqual(['unknown property "unknown"', 'missing required property "nope"']);
  });

  it("takes validateFlow's errors for one node's params and places them", () => {
    const flow = {
      id: "f",
      name: "F",
      nodes: [
        { id: "start", type: "start" },
        { id: "call", type: "phase", handler: "http", params: { url: "ftp://x", successStatus: [5] } },
        { id: "end", type: "end", outcome: "completed" },
      ],
      edges: [
        { id: "e1", source: "start", target: "call" },
        { id: "e2", source: "call", target: "end" },
      ],
    };
    const params = flow.nodes[1]?.params;
    const errors = relativeErrors(validateFlow(flow).errors, "/nodes/1/params");
    expect(errors.length).toBeGreaterThan(0);
    const index = assignErrors(errors, collectFieldPointers(http, params));
    expect(errorsAt(index, "/url").join(" ")).toMatch(/"ftp:\/\/x" is not allowed here/);
    expect(errorsAt(index, "/successStatus/0").join(" ")).toMatch(/100/);
  });

  it("makes paths relative to a base and drops the others", () => {
    const errors = [
      { path: "/nodes/3/params/url", message: "a" },
      { path: "/nodes/3/params", message: "b" },
      { path: "/nodes/30/params/url", message: "c" },
    ];
    expect(relativeErrors(errors, "/nodes/3/params")).toEqual([
      { path: "/url", message: "a" },
      { path: "", message: "b" },
    ]);
  });
});
