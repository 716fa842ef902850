/**
 * Properties over generated flows: valid flows of every size validate; broken ones never throw and always say
 * where they are broken, with pointers that resolve in the broken document.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FlowDefinition } from "../generated/types.js";
import { resolvePointer } from "../json/pointer.js";
import { generateFlow } from "../testing/generate-flow.js";
import { validateFlow } from "./validate-flow.js";

type Loose = Record<string, unknown>;
type LooseFlow = Loose & { nodes: Loose[]; edges: Loose[] };

const validFlow = (maxNodes: number) =>
  fc
    .record({ nodes: fc.integer({ min: 2, max: maxNodes }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) })
    .map((o) => generateFlow(o));

describe("generated valid flows", () => {
  it("validate, from 2 to 2,000 nodes, using every node type", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(validFlow(2000), (flow) => {
        for (const n of flow.nodes) seen.add(n.type);
        expect(validateFlow(flow).errors).toEqual([]);
      }),
      { numRuns: 60 },
    );
    expect([...seen].sort()).toEqual([
      "approval",
      "decision",
      "end",
      "join",
      "parallel",
      "phase",
      "start",
      "subflow",
      "wait",
    ]);
  });
});

/** One way of breaking a flow, and the error code it must produce (undefined: any error will do). */
interface Mutation {
  name: string;
  apply(flow: LooseFlow, pick: number): string | undefined;
}

const at = <T>(items: T[], pick: number): T => items[pick % items.length] as T;

const mutations: Mutation[] = [
  {
    name: "drop a node",
    apply(flow, pick) {
      flow.nodes.splice(pick % flow.nodes.length, 1);
      return undefined; // its edges now dangle: asserted below
    },
  },
  {
    name: "rename an edge target",
    apply(flow, pick) {
      at(flow.edges, pick).target = `missing-${pick}`;
      return "unknown-edge-target";
    },
  },
  {
    name: "delete a required field",
    apply(flow, pick) {
      const choices: Array<() => void> = [
        () => delete flow.name,
        () => delete flow.id,
        () => delete (flow as Loose).edges,
        () => delete at(flow.nodes, pick).id,
        () => delete at(flow.nodes, pick).type,
        () => delete at(flow.edges, pick).source,
        () => delete at(flow.edges, pick).target,
        () => delete at(flow.edges, pick).id,
      ];
      const phases = flow.nodes.filter((n) => n.type === "phase");
      if (phases.length > 0) choices.push(() => delete at(phases, pick).handler);
      at(choices, pick)();
      return "missing-property";
    },
  },
  {
    name: "insert a cycle without a decision",
    apply(flow, pick) {
      const phases = flow.nodes.filter((n) => n.type === "phase");
      if (phases.length === 0) {
        flow.edges.push({ id: "loop-back", source: "start", target: "start" });
        return undefined;
      }
      const phase = at(phases, pick);
      const out = flow.edges.find((e) => e.source === phase.id) as Loose;
      flow.nodes.push({ id: "loop-step", type: "phase", handler: "noop" });
      out.target = "loop-step";
      flow.edges.push({ id: "loop-back", source: "loop-step", target: phase.id });
      return "cycle-without-decision";
    },
  },
  {
    name: "give a field the wrong type",
    apply(flow, pick) {
      const choices: Array<() => void> = [
        () => (at(flow.nodes, pick).label = 42),
        () => (at(flow.nodes, pick).ui = "left"),
        () => (at(flow.edges, pick).source = 7),
        () => (flow.name = ["a"]),
        () => (flow.nodes = {} as Loose[]),
        () => (at(flow.edges, pick).default = "yes"),
      ];
      const phases = flow.nodes.filter((n) => n.type === "phase");
      if (phases.length > 0) choices.push(() => (at(phases, pick).retry = "fast"));
      at(choices, pick)();
      return "wrong-type";
    },
  },
];

describe("mutated flows", () => {
  it("never throw, always fail with the mutation's error, and every pointer resolves", () => {
    fc.assert(
      fc.property(validFlow(300), fc.constantFrom(...mutations), fc.nat(), (valid: FlowDefinition, mutation, pick) => {
        const flow = structuredClone(valid) as unknown as LooseFlow;
        const expected = mutation.apply(flow, pick);
        const result = validateFlow(flow);
        expect(result.valid).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
        if (expected) expect(result.errors.map((e) => e.code)).toContain(expected);
        if (mutation.name === "drop a node") {
          expect(result.errors.some((e) => e.code === "unknown-edge-source" || e.code === "unknown-edge-target")).toBe(
            true,
          );
        }
        const ids = Array.isArray(flow.nodes) ? flow.nodes.map((n) => n.id) : [];
        for (const error of result.errors) {
          expect(resolvePointer(flow, error.path).found, `${error.code} at ${error.path}`).toBe(true);
          if (error.nodeId !== undefined) expect(ids).toContain(error.nodeId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throw on arbitrary values, and never call them valid", () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }), (value) => {
        const result = validateFlow(value);
        expect(result.valid).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("never throw on arbitrary JSON dropped into any field of a valid flow", () => {
    fc.assert(
      fc.property(validFlow(40), fc.nat(), fc.nat(), fc.jsonValue(), (valid, nodePick, fieldPick, junk) => {
        const flow = structuredClone(valid) as unknown as LooseFlow;
        const target = at(flow.nodes, nodePick);
        const field = at(
          ["id", "type", "label", "handler", "params", "validators", "onError", "retry", "ui"],
          fieldPick,
        );
        target[field] = junk;
        const result = validateFlow(flow);
        for (const error of result.errors) expect(resolvePointer(flow, error.path).found).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
