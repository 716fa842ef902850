import { describe, expect, it } from "vitest";
import { generateFlow } from "../testing/generate-flow.js";
import { sampleFlow } from "../testing/sample-flow.js";
import { validateFlow } from "./validate-flow.js";

/** Whatever it is given, validateFlow answers (never throws) and says invalid with at least one error. */
function rejects(value: unknown, code?: string) {
  const result = validateFlow(value);
  expect(result.valid).toBe(false);
  expect(result.errors.length).toBeGreaterThan(0);
  if (code) expect(result.errors.map((e) => e.code)).toContain(code);
  return result;
}

describe("validateFlow on input that is not a flow", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["an array", [sampleFlow()]],
    ["a string of JSON", JSON.stringify(sampleFlow())],
    ["a number", 42],
    ["a boolean", true],
    ["a function", () => sampleFlow()],
  ])("rejects %s as not an object", (_name, value) => {
    const result = rejects(value, "not-an-object");
    expect(result.errors[0]?.path).toBe("");
  });

  it("rejects a document that contains itself", () => {
    const flow = sampleFlow() as unknown as Record<string, unknown>;
    (flow.nodes as Array<Record<string, unknown>>)[1] = flow;
    expect(rejects(flow, "not-json").errors[0]?.path).toBe("/nodes/1");
  });

  it("accepts the same object shared in two places (a DAG is still a tree once serialised)", () => {
    const flow = sampleFlow();
    const ui = { x: 1, y: 1 };
    flow.nodes[0] = { ...flow.nodes[0], ui } as (typeof flow.nodes)[number];
    flow.nodes[1] = { ...flow.nodes[1], ui } as (typeof flow.nodes)[number];
    expect(validateFlow(flow).errors).toEqual([]);
  });

  it.each([
    ["a BigInt", 10n],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a symbol", Symbol("x")],
    ["a function", () => 1],
  ])("rejects %s inside the document with its pointer", (_name, value) => {
    const flow = sampleFlow() as unknown as { nodes: Array<Record<string, unknown>> };
    (flow.nodes[1] as Record<string, unknown>).timeoutMs = value;
    expect(rejects(flow, "not-json").errors[0]?.path).toBe("/nodes/1/timeoutMs");
  });

  it("rejects nesting deep enough to overflow a recursive walker, without overflowing", () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const flow = { ...sampleFlow(), input: deep };
    expect(rejects(flow, "not-json").errors[0]?.message).toMatch(/deeper than/);
  });

  it("treats __proto__ and constructor keys as plain data, and pollutes nothing", () => {
    const text = JSON.stringify(sampleFlow()).replace(
      '"nodes":[',
      '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"nodes":[',
    );
    const flow = JSON.parse(text);
    const result = rejects(flow, "unknown-property");
    expect(result.errors.map((e) => e.path).sort()).toEqual(["/__proto__", "/constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("handles node ids that are Object.prototype member names", () => {
    const flow = sampleFlow();
    const text = JSON.stringify(flow)
      .replaceAll('"import"', '"toString"')
      .replaceAll("phases.import", "phases.toString");
    expect(validateFlow(JSON.parse(text)).errors).toEqual([]);
  });

  it("answers a Proxy whose getters throw with an error instead of throwing", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("no");
        },
        get: () => {
          throw new Error("no");
        },
      },
    );
    rejects(hostile, "internal-error");
  });

  it("validates a 10 MB document and reports the oversized field", () => {
    const flow = sampleFlow();
    flow.description = "x".repeat(10 * 1024 * 1024);
    const result = rejects(flow, "invalid-length");
    expect(result.errors[0]?.path).toBe("/description");
  });

  it("validates a 10,000-node flow", () => {
    const flow = generateFlow({ nodes: 10_000, seed: 3 });
    expect(JSON.stringify(flow).length).toBeGreaterThan(1_000_000);
    expect(validateFlow(flow).errors).toEqual([]);
  });

  it("survives a 10,000-node chain with no decision looping back (deep graph walks are iterative)", () => {
    const flow = generateFlow({ nodes: 10_000, seed: 3 });
    const last = flow.edges.at(-1);
    if (last === undefined) throw new Error("no edges");
    flow.edges.push({ id: "back", source: "end", target: flow.nodes[1]?.id as string });
    const result = rejects(flow);
    expect(result.errors.map((e) => e.code)).toContain("end-with-outgoing-edge");
  });

  it("rejects an expression nested too deeply for the parser, as an expression error", () => {
    const flow = sampleFlow();
    const deep = `${"(".repeat(50_000)}1${")".repeat(50_000)}`;
    flow.edges[2] = { ...flow.edges[2], condition: deep } as (typeof flow.edges)[number];
    rejects(flow, "invalid-expression");
  });
});
