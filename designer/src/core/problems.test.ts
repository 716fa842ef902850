import type { FlowDefinition } from "@mfo/schemas";
import { builtinCatalogue, validateFlow } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.js";
import { checkFlow, groupErrors, problemTarget, toProblems } from "./problems.js";

/** The sample flow with a node error, an edge error and flow-level errors. */
function broken(): FlowDefinition {
  const base = sampleFlow();
  return deepFreeze({
    ...base,
    id: "Not An Id",
    nodes: base.nodes.filter((n) => n.id !== "done").map((n) => (n.id === "a" ? { ...n, handler: "nope" } : n)),
    edges: base.edges.map((e) => (e.id === "e-reject" ? { ...e, on: undefined } : e)),
  });
}

describe("checkFlow", () => {
  it("finds nothing wrong with a valid flow", () => {
    const check = checkFlow(deepFreeze(sampleFlow()));
    expect(check).toMatchObject({ valid: true, errors: [], problems: [], flow: [] });
    expect(check.byNode.size).toBe(0);
    expect(check.byEdge.size).toBe(0);
  });

  it("lists problems in validateFlow's order, each with what to select", () => {
    const doc = broken();
    const check = checkFlow(doc);
    const { errors } = validateFlow(doc);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual(errors);
    expect(check.problems.map((p) => p.error)).toEqual(errors);
    for (const problem of check.problems) {
      expect(problem.target).toEqual(problemTarget(problem.error, "Not An Id"));
      expect(problem).toMatchObject({
        code: problem.error.code,
        message: problem.error.message,
        path: problem.error.path,
      });
    }
    const targets = check.problems.map((p) => `${p.target.kind}:${p.target.id}:${p.code}`);
    expect(targets).toContain("node:a:unknown-handler");
    expect(targets).toContain("edge:e-reject:approval-edge-without-on");
    expect(targets.some((t) => t.startsWith("flow:Not An Id:"))).toBe(true);
  });

  it("groups errors by node and edge for badges, and keeps the rest for the flow", () => {
    const check = checkFlow(broken());
    expect(check.byNode.get("a")?.map((e) => e.code)).toEqual(["unknown-handler"]);
    expect(check.byEdge.get("e-reject")?.map((e) => e.code)).toEqual(["approval-edge-without-on"]);
    expect(check.byNode.has("review")).toBe(false);
    expect(check.flow.every((e) => e.nodeId === undefined && e.edgeId === undefined)).toBe(true);
    expect(check.flow.map((e) => e.path)).toContain("/id");
    const grouped = [...check.byNode.values(), ...check.byEdge.values(), check.flow].flat();
    expect(grouped).toHaveLength(check.errors.length);
  });

  it("puts a pattern RE2 cannot run on its node, at the pattern's pointer", () => {
    const base = sampleFlow();
    const schema = { type: "object", properties: { code: { pattern: "^(?!x)" } } };
    const doc = deepFreeze({
      ...base,
      nodes: base.nodes.map((n) => (n.id === "a" ? { ...n, validators: [{ type: "schema", params: { schema } }] } : n)),
    });
    const check = checkFlow(doc);
    const at = base.nodes.findIndex((n) => n.id === "a");
    expect(check.byNode.get("a")?.map((e) => [e.code, e.path])).toEqual([
      ["unsupported-pattern", `/nodes/${at}/validators/0/params/schema/properties/code/pattern`],
    ]);
  });

  it("checks against the catalogue it is given", () => {
    const catalogue = { ...builtinCatalogue, flowTypes: ["other"] };
    const base = sampleFlow();
    const doc = { ...base, nodes: base.nodes.map((n) => (n.type === "subflow" ? { ...n, flowType: "elsewhere" } : n)) };
    expect(checkFlow(deepFreeze(doc)).valid).toBe(true);
    const check = checkFlow(deepFreeze(doc), catalogue);
    expect(check.byNode.get("child")?.map((e) => e.code)).toEqual(["unknown-flow-type"]);
  });

  it("lists an empty decision condition as one problem on its edge, saying what is wrong in words", () => {
    const base = sampleFlow();
    const doc = deepFreeze({ ...base, edges: base.edges.map((e) => (e.id === "e-big" ? { ...e, condition: "" } : e)) });
    const onEdge = checkFlow(doc).problems.filter((p) => p.target.kind === "edge" && p.target.id === "e-big");
    expect(onEdge.map((p) => p.message)).toEqual(["Condition must not be empty"]);
  });

  it("lists a condition that does not parse as one problem", () => {
    const base = sampleFlow();
    const doc = deepFreeze({
      ...base,
      edges: base.edges.map((e) => (e.id === "e-big" ? { ...e, condition: "1 +" } : e)),
    });
    const onEdge = checkFlow(doc).problems.filter((p) => p.target.kind === "edge" && p.target.id === "e-big");
    expect(onEdge).toHaveLength(1);
    expect(onEdge[0]?.message).toMatch(/^Condition is not a valid JSONata expression: .*\(at character 3\)$/);
  });

  it("names the flow's field in its problems: an empty name, a name too long", () => {
    const empty = checkFlow(deepFreeze({ ...sampleFlow(), name: "" })).problems;
    expect(empty.map((p) => [p.target.kind, p.message])).toEqual([["flow", "Name must not be empty"]]);
    const long = checkFlow(deepFreeze({ ...sampleFlow(), name: "x".repeat(236) })).problems;
    expect(long.map((p) => p.message)).toEqual(["Name is too long: at most 200 characters (it has 236)"]);
  });

  it("never throws on a document that is not a flow at all", () => {
    const check = checkFlow(null as unknown as FlowDefinition);
    expect(check.valid).toBe(false);
    expect(check.problems[0]?.target).toEqual({ kind: "flow", id: "" });
  });
});

describe("problemTarget", () => {
  it("prefers the edge, then the node, then the flow", () => {
    expect(problemTarget({ path: "/edges/1", nodeId: "a", edgeId: "e1", code: "x", message: "m" })).toEqual({
      kind: "edge",
      id: "e1",
    });
    expect(problemTarget({ path: "/nodes/1", nodeId: "a", code: "x", message: "m" })).toEqual({
      kind: "node",
      id: "a",
    });
    expect(problemTarget({ path: "/name", code: "x", message: "m" }, "flow-1")).toEqual({ kind: "flow", id: "flow-1" });
  });

  it("keeps the order of the errors it is given", () => {
    const errors = [
      { path: "/nodes/2", nodeId: "b", code: "c1", message: "m1" },
      { path: "/nodes/1", nodeId: "a", code: "c2", message: "m2" },
      { path: "/nodes/2", nodeId: "b", code: "c3", message: "m3" },
    ];
    expect(toProblems(errors).map((p) => p.code)).toEqual(["c1", "c2", "c3"]);
    expect(
      groupErrors(errors)
        .byNode.get("b")
        ?.map((e) => e.code),
    ).toEqual(["c1", "c3"]);
  });
});
