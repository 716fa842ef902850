import { describe, expect, it } from "vitest";
import { builtinCatalogue, mergeCatalogues } from "../catalogue/catalogue.js";
import type { Catalogue, ValidationError } from "../generated/types.js";
import { resolvePointer } from "../json/pointer.js";
import { sampleFlow } from "../testing/sample-flow.js";
import { findParallelJoins } from "./rules/parallel.js";
import { validateFlow } from "./validate-flow.js";

type Loose = Record<string, unknown>;
type Expected = { code: string; path: string; nodeId?: string; edgeId?: string };

/** The sample flow as loose JSON, broken by `mutate`, validated; errors reduced to what the cases pin. */
function errorsAfter(mutate: (flow: Loose & { nodes: Loose[]; edges: Loose[] }) => void, catalogue?: Catalogue) {
  const flow = structuredClone(sampleFlow()) as unknown as Loose & { nodes: Loose[]; edges: Loose[] };
  mutate(flow);
  const result = validateFlow(flow, catalogue);
  for (const error of result.errors) {
    expect(resolvePointer(flow, error.path).found, error.path).toBe(true);
    if (error.nodeId !== undefined) expect(flow.nodes.map((n) => n.id)).toContain(error.nodeId);
  }
  return result.errors.map(({ code, path, nodeId, edgeId }: ValidationError) => ({
    code,
    path,
    ...(nodeId === undefined ? {} : { nodeId }),
    ...(edgeId === undefined ? {} : { edgeId }),
  }));
}

const node = (flow: { nodes: Loose[] }, id: string): Loose => flow.nodes.find((n) => n.id === id) as Loose;
const nodeAt = (id: string): number => sampleFlow().nodes.findIndex((n) => n.id === id);
const edge = (flow: { edges: Loose[] }, id: string): Loose => flow.edges.find((e) => e.id === id) as Loose;
const edgeAt = (id: string): number => sampleFlow().edges.findIndex((e) => e.id === id);
const nextNode = sampleFlow().nodes.length;
const nextEdge = sampleFlow().edges.length;

describe("the sample flow", () => {
  it("is valid, so every case below fails for the one reason it introduces", () => {
    expect(validateFlow(sampleFlow())).toEqual({ valid: true, errors: [] });
  });
});

describe("semantic rules: each broken rule yields exactly its error, with pointer and node id", () => {
  const cases: Array<[string, Parameters<typeof errorsAfter>[0], Expected[], Catalogue?]> = [
    [
      "a node id used twice",
      (f) => f.nodes.push({ id: "import", type: "phase", handler: "noop" }),
      [{ code: "duplicate-node-id", path: `/nodes/${nextNode}/id`, nodeId: "import" }],
    ],
    [
      "an edge id used twice",
      (f) => f.edges.push({ id: "e-start", source: "gate", target: "done", condition: "true" }),
      [{ code: "duplicate-edge-id", path: `/edges/${nextEdge}/id`, nodeId: "gate", edgeId: "e-start" }],
    ],
    [
      "no start node",
      (f) => {
        f.nodes.splice(nodeAt("start"), 1);
        f.edges.splice(edgeAt("e-start"), 1);
      },
      [{ code: "missing-start", path: "/nodes" }],
    ],
    [
      "a second start node",
      (f) => {
        f.nodes.push({ id: "start2", type: "start" });
        f.edges.push({ id: "e-s2", source: "start2", target: "import" });
      },
      [
        { code: "multiple-starts", path: `/nodes/${nextNode}`, nodeId: "start2" },
        { code: "unreachable-node", path: `/nodes/${nextNode}`, nodeId: "start2" },
      ],
    ],
    [
      "no end node",
      (f) => {
        f.nodes = [
          { id: "start", type: "start" },
          { id: "hold", type: "wait", delayMs: 5 },
        ];
        f.edges = [{ id: "e1", source: "start", target: "hold" }];
      },
      [
        { code: "missing-end", path: "/nodes" },
        { code: "missing-outgoing-edge", path: "/nodes/1", nodeId: "hold" },
      ],
    ],
    [
      "an edge from a node that does not exist",
      (f) => f.edges.push({ id: "e-ghost", source: "ghost", target: "done" }),
      [{ code: "unknown-edge-source", path: `/edges/${nextEdge}/source`, nodeId: "done", edgeId: "e-ghost" }],
    ],
    [
      "an edge to a node that does not exist",
      (f) => {
        edge(f, "e-approve").target = "ghost";
      },
      [
        {
          code: "unknown-edge-target",
          path: `/edges/${edgeAt("e-approve")}/target`,
          nodeId: "review",
          edgeId: "e-approve",
        },
      ],
    ],
    [
      "an edge back into start",
      (f) => f.edges.push({ id: "e-again", source: "gate", target: "start", condition: "false" }),
      [{ code: "edge-into-start", path: `/edges/${nextEdge}/target`, nodeId: "start", edgeId: "e-again" }],
    ],
    [
      "a node nothing leads to",
      (f) => {
        f.nodes.push({ id: "orphan", type: "phase", handler: "noop" });
        f.edges.push({ id: "e-orphan", source: "orphan", target: "done" });
      },
      [{ code: "unreachable-node", path: `/nodes/${nextNode}`, nodeId: "orphan" }],
    ],
    [
      "a phase that leads nowhere",
      (f) => {
        f.nodes.push({ id: "stuck", type: "phase", handler: "noop" });
        f.edges.push({ id: "e-stuck", source: "gate", target: "stuck", condition: "false" });
      },
      [{ code: "missing-outgoing-edge", path: `/nodes/${nextNode}`, nodeId: "stuck" }],
    ],
    [
      "an end with an outgoing edge",
      (f) => f.edges.push({ id: "e-after", source: "done", target: "rejected" }),
      [{ code: "end-with-outgoing-edge", path: `/nodes/${nodeAt("done")}`, nodeId: "done" }],
    ],
    [
      "a phase with two outgoing edges",
      (f) => f.edges.push({ id: "e-shortcut", source: "import", target: "done" }),
      [{ code: "too-many-outgoing-edges", path: `/nodes/${nodeAt("import")}`, nodeId: "import" }],
    ],
    [
      "a decision edge with neither condition nor default",
      (f) => {
        delete edge(f, "e-big").condition;
      },
      [{ code: "decision-edge-without-condition", path: `/edges/${edgeAt("e-big")}`, nodeId: "gate", edgeId: "e-big" }],
    ],
    [
      "a decision with two default edges",
      (f) => {
        delete edge(f, "e-big").condition;
        edge(f, "e-big").default = true;
      },
      [
        {
          code: "decision-multiple-defaults",
          path: `/edges/${edgeAt("e-small")}/default`,
          nodeId: "gate",
          edgeId: "e-small",
        },
      ],
    ],
    [
      "a decision edge with both a condition and default",
      (f) => {
        edge(f, "e-small").condition = "true";
      },
      [
        {
          code: "decision-edge-condition-and-default",
          path: `/edges/${edgeAt("e-small")}/default`,
          nodeId: "gate",
          edgeId: "e-small",
        },
      ],
    ],
    [
      "an approval edge without on",
      (f) => {
        delete edge(f, "e-reject").on;
      },
      [
        {
          code: "approval-edge-without-on",
          path: `/edges/${edgeAt("e-reject")}`,
          nodeId: "review",
          edgeId: "e-reject",
        },
      ],
    ],
    [
      "an approval with two approve edges",
      (f) => {
        edge(f, "e-reject").on = "approve";
      },
      [
        {
          code: "approval-duplicate-on",
          path: `/edges/${edgeAt("e-reject")}/on`,
          nodeId: "review",
          edgeId: "e-reject",
        },
      ],
    ],
    [
      "a condition on an edge that no decision reads",
      (f) => {
        edge(f, "e-start").condition = "true";
      },
      [
        {
          code: "condition-outside-decision",
          path: `/edges/${edgeAt("e-start")}/condition`,
          nodeId: "start",
          edgeId: "e-start",
        },
      ],
    ],
    [
      "on: approve on an edge that no approval reads",
      (f) => {
        edge(f, "e-import").on = "approve";
      },
      [{ code: "on-outside-approval", path: `/edges/${edgeAt("e-import")}/on`, nodeId: "import", edgeId: "e-import" }],
    ],
    [
      "parallel branches that never meet",
      (f) => {
        edge(f, "e-b").target = "done";
      },
      [
        { code: "parallel-without-join", path: `/nodes/${nodeAt("fan")}`, nodeId: "fan" },
        { code: "join-without-parallel", path: `/nodes/${nodeAt("merge")}`, nodeId: "merge" },
      ],
    ],
    [
      "a join that no parallel feeds",
      (f) => {
        f.nodes.push({ id: "lonely", type: "join" });
        edge(f, "e-import").target = "lonely";
        f.edges.push({ id: "e-lonely", source: "lonely", target: "gate" });
      },
      [{ code: "join-without-parallel", path: `/nodes/${nextNode}`, nodeId: "lonely" }],
    ],
    [
      "a loop with no decision to leave it",
      (f) => {
        edge(f, "e-child").target = "pause";
      },
      [
        { code: "cycle-without-decision", path: `/nodes/${nodeAt("pause")}`, nodeId: "pause" },
        { code: "unreachable-node", path: `/nodes/${nodeAt("done")}`, nodeId: "done" },
      ],
    ],
    [
      "a handler the catalogue does not have",
      (f) => {
        node(f, "import").handler = "teleport";
      },
      [{ code: "unknown-handler", path: `/nodes/${nodeAt("import")}/handler`, nodeId: "import" }],
    ],
    [
      "handler params missing a required field",
      (f) => {
        node(f, "import").params = {};
      },
      [{ code: "invalid-params", path: `/nodes/${nodeAt("import")}/params`, nodeId: "import" }],
    ],
    [
      "handler params absent although the handler needs some",
      (f) => {
        delete node(f, "b").params;
      },
      [{ code: "invalid-params", path: `/nodes/${nodeAt("b")}`, nodeId: "b" }],
    ],
    [
      "a handler param the schema does not know",
      (f) => {
        node(f, "a").params = { output: {}, colour: "red" };
      },
      [{ code: "invalid-params", path: `/nodes/${nodeAt("a")}/params/colour`, nodeId: "a" }],
    ],
    [
      "a validator the catalogue does not have",
      (f) => {
        node(f, "import").validators = [{ type: "telepathy" }];
      },
      [{ code: "unknown-validator", path: `/nodes/${nodeAt("import")}/validators/0/type`, nodeId: "import" }],
    ],
    [
      "validator params that break its schema",
      (f) => {
        node(f, "import").validators = [{ type: "required", params: { fields: [] } }];
      },
      [{ code: "invalid-params", path: `/nodes/${nodeAt("import")}/validators/0/params/fields`, nodeId: "import" }],
    ],
    [
      "a subflow of an unpublished flow type",
      (f) => {
        node(f, "child").flowType = "nowhere";
      },
      [{ code: "unknown-flow-type", path: `/nodes/${nodeAt("child")}/flowType`, nodeId: "child" }],
      mergeCatalogues(builtinCatalogue, { handlers: [], validators: [], flowTypes: ["assessment"] }),
    ],
    [
      "an error path to a node that does not exist",
      (f) => {
        node(f, "a").onError = { goto: "nowhere" };
      },
      [{ code: "unknown-goto-target", path: `/nodes/${nodeAt("a")}/onError/goto`, nodeId: "a" }],
    ],
    [
      "a flow-wide error path to a node that does not exist",
      (f) => {
        (f.settings as Loose).onError = { goto: "nowhere" };
      },
      [{ code: "unknown-goto-target", path: "/settings/onError/goto" }],
    ],
    [
      "a decision condition that does not parse",
      (f) => {
        edge(f, "e-big").condition = "phases.import.output.count >";
      },
      [{ code: "invalid-expression", path: `/edges/${edgeAt("e-big")}/condition`, nodeId: "gate", edgeId: "e-big" }],
    ],
    [
      "a transform expression that does not parse",
      (f) => {
        node(f, "import").params = { expression: "{ 'count': input.count" };
      },
      [{ code: "invalid-expression", path: `/nodes/${nodeAt("import")}/params/expression`, nodeId: "import" }],
    ],
    [
      "an '=' param that does not parse",
      (f) => {
        node(f, "b").params = { message: "=$uppercase(input.name" };
      },
      [{ code: "invalid-expression", path: `/nodes/${nodeAt("b")}/params/message`, nodeId: "b" }],
    ],
    [
      "a wait-until expression that does not parse",
      (f) => {
        const pause = node(f, "pause");
        delete pause.delayMs;
        pause.until = "$now(";
      },
      [{ code: "invalid-expression", path: `/nodes/${nodeAt("pause")}/until`, nodeId: "pause" }],
    ],
    [
      "a subflow input expression that does not parse",
      (f) => {
        node(f, "child").input = "{ 'count': }";
      },
      [{ code: "invalid-expression", path: `/nodes/${nodeAt("child")}/input`, nodeId: "child" }],
    ],
    [
      "an expression validator that does not parse",
      (f) => {
        node(f, "import").validators = [{ type: "expression", params: { expression: "count >" } }];
      },
      [
        {
          code: "invalid-expression",
          path: `/nodes/${nodeAt("import")}/validators/0/params/expression`,
          nodeId: "import",
        },
      ],
    ],
    [
      "an input schema that is not a JSON Schema",
      (f) => {
        f.input = { type: "integer-ish" };
      },
      [{ code: "invalid-schema", path: "/input" }],
    ],
    [
      "a schema validator whose schema is not a JSON Schema",
      (f) => {
        node(f, "import").validators = [{ type: "schema", params: { schema: { minimum: "ten" } } }];
      },
      [{ code: "invalid-params", path: `/nodes/${nodeAt("import")}/validators/0/params/schema`, nodeId: "import" }],
    ],
  ];

  it.each(cases)("%s", (_name, mutate, expected, catalogue) => {
    expect(errorsAfter(mutate, catalogue)).toEqual(expected);
  });
});

describe("node types: each type's own fields are checked by the schema", () => {
  const cases: Array<[string, Parameters<typeof errorsAfter>[0], Expected[]]> = [
    [
      "start with a field it does not have",
      (f) => {
        node(f, "start").handler = "noop";
      },
      [{ code: "unknown-property", path: `/nodes/${nodeAt("start")}/handler`, nodeId: "start" }],
    ],
    [
      "phase without a handler",
      (f) => {
        delete node(f, "a").handler;
      },
      [{ code: "missing-property", path: `/nodes/${nodeAt("a")}`, nodeId: "a" }],
    ],
    [
      "phase with an unknown trigger",
      (f) => {
        node(f, "a").trigger = "sometimes";
      },
      [{ code: "invalid-value", path: `/nodes/${nodeAt("a")}/trigger`, nodeId: "a" }],
    ],
    [
      "phase with a retry policy of the wrong shape",
      (f) => {
        node(f, "a").retry = { maxAttempts: 0 };
      },
      [{ code: "out-of-range", path: `/nodes/${nodeAt("a")}/retry/maxAttempts`, nodeId: "a" }],
    ],
    [
      "phase with an onError that is neither fail, continue nor goto",
      (f) => {
        node(f, "a").onError = "explode";
      },
      [{ code: "invalid-value", path: `/nodes/${nodeAt("a")}/onError`, nodeId: "a" }],
    ],
    [
      "decision with a field it does not have",
      (f) => {
        node(f, "gate").condition = "true";
      },
      [{ code: "unknown-property", path: `/nodes/${nodeAt("gate")}/condition`, nodeId: "gate" }],
    ],
    [
      "parallel with a field it does not have",
      (f) => {
        node(f, "fan").branches = 2;
      },
      [{ code: "unknown-property", path: `/nodes/${nodeAt("fan")}/branches`, nodeId: "fan" }],
    ],
    [
      "join with a field it does not have",
      (f) => {
        node(f, "merge").timeoutMs = 5;
      },
      [{ code: "unknown-property", path: `/nodes/${nodeAt("merge")}/timeoutMs`, nodeId: "merge" }],
    ],
    [
      "wait with neither delayMs nor until",
      (f) => {
        delete node(f, "pause").delayMs;
      },
      [{ code: "invalid-combination", path: `/nodes/${nodeAt("pause")}`, nodeId: "pause" }],
    ],
    [
      "wait with both delayMs and until",
      (f) => {
        node(f, "pause").until = "$now()";
      },
      [{ code: "invalid-combination", path: `/nodes/${nodeAt("pause")}`, nodeId: "pause" }],
    ],
    [
      "wait with a negative delay",
      (f) => {
        node(f, "pause").delayMs = -1;
      },
      [{ code: "out-of-range", path: `/nodes/${nodeAt("pause")}/delayMs`, nodeId: "pause" }],
    ],
    [
      "approval with a field it does not have",
      (f) => {
        node(f, "review").handler = "noop";
      },
      [{ code: "unknown-property", path: `/nodes/${nodeAt("review")}/handler`, nodeId: "review" }],
    ],
    [
      "subflow without a flow type",
      (f) => {
        delete node(f, "child").flowType;
      },
      [{ code: "missing-property", path: `/nodes/${nodeAt("child")}`, nodeId: "child" }],
    ],
    [
      "subflow naming an invalid flow type id",
      (f) => {
        node(f, "child").flowType = "Not An Id";
      },
      [{ code: "invalid-value", path: `/nodes/${nodeAt("child")}/flowType`, nodeId: "child" }],
    ],
    [
      "end with an outcome that does not exist",
      (f) => {
        node(f, "done").outcome = "maybe";
      },
      [{ code: "invalid-value", path: `/nodes/${nodeAt("done")}/outcome`, nodeId: "done" }],
    ],
    [
      "a node of a type that does not exist",
      (f) => {
        node(f, "a").type = "robot";
      },
      [{ code: "unknown-node-type", path: `/nodes/${nodeAt("a")}/type`, nodeId: "a" }],
    ],
    [
      "a node id that is not allowed",
      (f) => {
        f.nodes.push({ id: "__proto__", type: "phase", handler: "noop" });
        f.edges.push({ id: "e-proto", source: "gate", target: "__proto__", condition: "false" });
        f.edges.push({ id: "e-proto-out", source: "__proto__", target: "done" });
      },
      [{ code: "invalid-value", path: `/nodes/${nextNode}/id`, nodeId: "__proto__" }],
    ],
    [
      "a top-level field the format does not have",
      (f) => {
        f.owner = "me";
      },
      [{ code: "unknown-property", path: "/owner" }],
    ],
  ];

  it.each(cases)("%s", (_name, mutate, expected) => {
    expect(errorsAfter(mutate)).toEqual(expected);
  });

  it("keeps unknown fields inside ui and params' free-form parts", () => {
    const flow = sampleFlow() as unknown as { nodes: Loose[] };
    flow.nodes[0] = { ...flow.nodes[0], ui: { x: 1, y: 2, colour: "teal", collapsed: true } };
    (flow.nodes[4] as Loose).params = { output: { anything: { goes: [1, 2] } } };
    expect(validateFlow(flow).errors).toEqual([]);
  });
});

describe("loops", () => {
  it("accepts a loop that a decision can leave", () => {
    const flow = sampleFlow() as unknown as { edges: Loose[] };
    flow.edges.push({ id: "e-retry", source: "gate", target: "import", condition: "phases.import.attempts < 3" });
    expect(validateFlow(flow).errors).toEqual([]);
  });

  it("accepts a reject-and-rework loop that an approval can leave", () => {
    const flow = sampleFlow() as unknown as { edges: Loose[] };
    edge(flow, "e-reject").target = "import";
    expect(validateFlow(flow).errors).toEqual([
      {
        code: "unreachable-node",
        path: `/nodes/${nodeAt("rejected")}`,
        nodeId: "rejected",
        message: expect.any(String),
      },
    ]);
  });

  it("rejects a loop whose only decision has no edge out of it", () => {
    const flow = sampleFlow() as unknown as { edges: Loose[] };
    edge(flow, "e-big").target = "import";
    edge(flow, "e-small").target = "import";
    const codes = validateFlow(flow).errors.map((e) => e.code);
    expect(codes).toContain("cycle-without-decision");
  });
});

describe("the shape of the answer", () => {
  it("reports every error at once, in document order", () => {
    const flow = sampleFlow() as unknown as { nodes: Loose[]; edges: Loose[] };
    node(flow, "import").handler = "teleport";
    edge(flow, "e-approve").target = "ghost";
    node(flow, "done").outcome = "maybe";
    const paths = validateFlow(flow).errors.map((e) => e.path);
    expect(paths).toEqual([
      `/edges/${edgeAt("e-approve")}/target`,
      `/nodes/${nodeAt("import")}/handler`,
      `/nodes/${nodeAt("done")}/outcome`,
    ]);
  });

  it("gives the same errors in the same order every time", () => {
    const flow = sampleFlow() as unknown as { nodes: Loose[]; edges: Loose[] };
    flow.nodes.push({ id: "x", type: "robot" }, { id: "import", type: "wait" });
    flow.edges.push({ id: "e-start", source: "nowhere", target: "x" });
    const first = validateFlow(flow);
    expect(first.errors.length).toBeGreaterThan(3);
    expect(validateFlow(structuredClone(flow))).toEqual(first);
  });

  it("names the three classic mistakes with pointers and node ids", () => {
    const flow = sampleFlow() as unknown as { nodes: Loose[]; edges: Loose[] };
    edge(flow, "e-approve").target = "ghost";
    flow.nodes.push({ id: "gate", type: "decision" });
    delete edge(flow, "e-big").condition;
    const errors = validateFlow(flow).errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "unknown-edge-target",
          path: `/edges/${edgeAt("e-approve")}/target`,
          nodeId: "review",
        }),
        expect.objectContaining({ code: "duplicate-node-id", path: `/nodes/${nextNode}/id`, nodeId: "gate" }),
        expect.objectContaining({
          code: "decision-edge-without-condition",
          path: `/edges/${edgeAt("e-big")}`,
          nodeId: "gate",
        }),
      ]),
    );
    for (const error of errors) expect(error.message.length).toBeGreaterThan(10);
  });
});

describe("parallels", () => {
  /** start -> outer{ inner{ x, y } -> innerJoin, z } -> outerJoin -> end */
  function nested(): { nodes: Loose[]; edges: Loose[] } & Loose {
    return {
      id: "nested",
      name: "Nested",
      nodes: [
        { id: "start", type: "start" },
        { id: "outer", type: "parallel" },
        { id: "inner", type: "parallel" },
        { id: "x", type: "phase", handler: "noop" },
        { id: "y", type: "phase", handler: "noop" },
        { id: "inner-join", type: "join" },
        { id: "z", type: "phase", handler: "noop" },
        { id: "outer-join", type: "join" },
        { id: "end", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "outer" },
        { id: "e2", source: "outer", target: "inner" },
        { id: "e3", source: "outer", target: "z" },
        { id: "e4", source: "inner", target: "x" },
        { id: "e5", source: "inner", target: "y" },
        { id: "e6", source: "x", target: "inner-join" },
        { id: "e7", source: "y", target: "inner-join" },
        { id: "e8", source: "inner-join", target: "outer-join" },
        { id: "e9", source: "z", target: "outer-join" },
        { id: "e10", source: "outer-join", target: "end" },
      ],
    };
  }

  it("matches nested parallels to their own joins", () => {
    expect(validateFlow(nested()).errors).toEqual([]);
    expect(findParallelJoins(nested())).toEqual(
      new Map([
        ["outer", "outer-join"],
        ["inner", "inner-join"],
      ]),
    );
  });

  it("says which parallel lost its join when an inner branch skips it", () => {
    const flow = nested();
    edge(flow, "e7").target = "outer-join";
    const found = validateFlow(flow).errors.map((e) => [e.code, e.nodeId]);
    expect(found).toEqual([
      ["parallel-without-join", "outer"],
      ["parallel-without-join", "inner"],
      ["join-without-parallel", "inner-join"],
      ["join-without-parallel", "outer-join"],
    ]);
  });

  it("reports parallels nested deeper than it follows instead of overflowing", () => {
    const nodes: Loose[] = [{ id: "start", type: "start" }];
    const edges: Loose[] = [];
    const depth = 400;
    for (let i = 0; i < depth; i++) nodes.push({ id: `p${i}`, type: "parallel" });
    for (let i = depth - 1; i >= 0; i--) nodes.push({ id: `j${i}`, type: "join" });
    nodes.push({ id: "end", type: "end" });
    edges.push({ id: "s", source: "start", target: "p0" });
    for (let i = 0; i < depth - 1; i++) edges.push({ id: `in${i}`, source: `p${i}`, target: `p${i + 1}` });
    edges.push({ id: "mid", source: `p${depth - 1}`, target: `j${depth - 1}` });
    for (let i = depth - 1; i > 0; i--) edges.push({ id: `out${i}`, source: `j${i}`, target: `j${i - 1}` });
    edges.push({ id: "e", source: "j0", target: "end" });
    const result = validateFlow({ id: "deep", name: "Deep", nodes, edges });
    expect(result.errors.map((e) => [e.code, e.nodeId])).toEqual([["parallel-too-deep", "p0"]]);
  });
});

describe("semantic rules of a wait for a correlated event", () => {
  /** The sample's `pause` waits for an event instead of 1 s; `timeoutMs` adds a timeout edge to `rejected`. */
  const eventWait = (f: { nodes: Loose[]; edges: Loose[] }, event: Loose, timeoutEdge: Loose | null = null) => {
    const pause = node(f, "pause");
    delete pause.delayMs;
    pause.event = event;
    if (timeoutEdge) f.edges.push({ id: "e-late", source: "pause", target: "rejected", ...timeoutEdge });
  };
  const pauseAt = `/nodes/${nodeAt("pause")}`;
  const pauseEdgeAt = `/edges/${edgeAt("e-pause")}`;

  it("accepts a literal key, an '=' key, on: event, and a timeout with its two edges", () => {
    expect(errorsAfter((f) => eventWait(f, { name: "order.paid", key: "A-1" }))).toEqual([]);
    expect(
      errorsAfter((f) => {
        eventWait(f, { name: "order.paid", key: "=input.orderId" });
        edge(f, "e-pause").on = "event";
      }),
    ).toEqual([]);
    expect(
      errorsAfter((f) =>
        eventWait(f, { name: "order.paid", key: "=input.orderId", timeoutMs: 60_000 }, { on: "timeout" }),
      ),
    ).toEqual([]);
  });

  const cases: Array<[string, Parameters<typeof errorsAfter>[0], Expected[]]> = [
    [
      "a key expression that does not parse",
      (f) => eventWait(f, { name: "order.paid", key: "=input.orderId(" }),
      [{ code: "invalid-expression", path: `${pauseAt}/event/key`, nodeId: "pause" }],
    ],
    [
      "a second edge without a timeout",
      (f) => eventWait(f, { name: "order.paid", key: "k" }, {}),
      [{ code: "too-many-outgoing-edges", path: pauseAt, nodeId: "pause" }],
    ],
    [
      "on: timeout without timeoutMs",
      (f) => {
        eventWait(f, { name: "order.paid", key: "k" });
        edge(f, "e-pause").on = "timeout";
      },
      [{ code: "event-wait-edge-on", path: `${pauseEdgeAt}/on`, nodeId: "pause", edgeId: "e-pause" }],
    ],
    [
      "a timeout without its timeout edge",
      (f) => eventWait(f, { name: "order.paid", key: "k", timeoutMs: 1000 }),
      [{ code: "event-wait-edges", path: pauseAt, nodeId: "pause" }],
    ],
    [
      "a timeout with two timeout edges",
      (f) => {
        eventWait(f, { name: "order.paid", key: "k", timeoutMs: 1000 }, { on: "timeout" });
        edge(f, "e-pause").on = "timeout";
      },
      [{ code: "event-wait-edges", path: pauseAt, nodeId: "pause" }],
    ],
    [
      "on: approve on an edge of an event wait",
      (f) => eventWait(f, { name: "order.paid", key: "k", timeoutMs: 1000 }, { on: "approve" }),
      [
        { code: "event-wait-edge-on", path: `/edges/${nextEdge}/on`, nodeId: "pause", edgeId: "e-late" },
        { code: "event-wait-edges", path: pauseAt, nodeId: "pause" },
      ],
    ],
    [
      "on: timeout on an edge of a plain wait",
      (f) => {
        edge(f, "e-pause").on = "timeout";
      },
      [{ code: "on-outside-approval", path: `${pauseEdgeAt}/on`, nodeId: "pause", edgeId: "e-pause" }],
    ],
    [
      "on: event on an edge of a phase",
      (f) => {
        edge(f, "e-import").on = "event";
      },
      [{ code: "on-outside-approval", path: `/edges/${edgeAt("e-import")}/on`, nodeId: "import", edgeId: "e-import" }],
    ],
    [
      "on: timeout on an approval edge",
      (f) => {
        edge(f, "e-reject").on = "timeout";
      },
      [{ code: "approval-edge-on", path: `/edges/${edgeAt("e-reject")}/on`, nodeId: "review", edgeId: "e-reject" }],
    ],
  ];
  it.each(cases)("%s", (_name, mutate, expected) => {
    expect(errorsAfter(mutate)).toEqual(expected);
  });
});
