import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FlowDefinition } from "@mfo/schemas";
import { generateFlow, sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { compileFlow, FAILED_STATE } from "./compile-flow.js";
import { activeStates, persist, restore, start, step } from "./machine-state.js";

const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples");
const nodesOf = (flow: ReturnType<typeof compileFlow>, ids: string[]) => ids.map((id) => flow.states.get(id)?.node.id);

describe("compileFlow", () => {
  it("starts at start and walks a linear flow to its end", async () => {
    const definition = JSON.parse(await readFile(join(examples, "discovery.json"), "utf8")) as FlowDefinition;
    const flow = compileFlow(definition);
    let { snapshot, entered } = start(flow);
    expect(entered).toEqual(["start"]);
    const visited = [...entered];
    for (let i = 0; i < 20 && snapshot.status === "active"; i++) {
      const [current] = activeStates(flow, snapshot.value);
      ({ snapshot, entered } = step(flow, snapshot, { type: "done", state: current as string }));
      visited.push(...entered);
    }
    expect(visited).toEqual(definition.nodes.map((n) => n.id));
    expect(snapshot.status).toBe("done");
    expect(snapshot.value).toBe("done");
  });

  it("takes the decision edge the engine names", async () => {
    const definition = JSON.parse(await readFile(join(examples, "assessment.json"), "utf8")) as FlowDefinition;
    const flow = compileFlow(definition);
    let { snapshot } = start(flow);
    for (const state of ["start", "readiness", "complexity", "risk"])
      ({ snapshot } = step(flow, snapshot, { type: "done", state }));
    expect(activeStates(flow, snapshot.value)).toEqual(["risk-gate"]);
    const high = step(flow, snapshot, { type: "done", state: "risk-gate", edge: "e5" });
    expect(high.entered).toEqual(["sign-off"]);
    const rejected = step(flow, high.snapshot, { type: "done", state: "sign-off", edge: "e8" });
    expect(rejected.entered).toEqual(["rejected"]);
    expect(rejected.snapshot.status).toBe("done");
  });

  it("ignores an event for a state the instance is not in", () => {
    const flow = compileFlow(sampleFlow());
    const { snapshot } = start(flow);
    const same = step(flow, snapshot, { type: "done", state: "import" });
    expect(same.entered).toEqual([]);
    expect(same.snapshot.value).toEqual(snapshot.value);
  });

  it("runs parallel branches as regions and continues at the join once all have arrived", () => {
    const flow = compileFlow(sampleFlow());
    let { snapshot } = start(flow);
    ({ snapshot } = step(flow, snapshot, { type: "done", state: "start" }));
    ({ snapshot } = step(flow, snapshot, { type: "done", state: "import" }));
    const fan = step(flow, snapshot, { type: "done", state: "gate", edge: "e-big" });
    expect(fan.entered).toEqual(["fan", "fan~0/a", "fan~1/b"]);
    expect(nodesOf(flow, activeStates(flow, fan.snapshot.value))).toEqual(["fan", "a", "b"]);
    const oneArrived = step(flow, fan.snapshot, { type: "done", state: "fan~0/a" });
    expect(oneArrived.entered).toEqual([]);
    expect(nodesOf(flow, activeStates(flow, oneArrived.snapshot.value))).toEqual(["fan", "b"]);
    const both = step(flow, oneArrived.snapshot, { type: "done", state: "fan~1/b" });
    expect(both.entered).toEqual(["merge"]);
  });

  it("sends a failed phase to its onError target, or ends the machine in the failed state", () => {
    const definition = sampleFlow();
    const flow = compileFlow(definition);
    let { snapshot } = start(flow);
    ({ snapshot } = step(flow, snapshot, { type: "done", state: "start" }));
    const failed = step(flow, snapshot, { type: "failed", state: "import" });
    expect(failed.snapshot.status).toBe("done");
    expect(failed.snapshot.value).toBe(FAILED_STATE);

    const phase = definition.nodes.find((n) => n.id === "import");
    if (phase?.type !== "phase") throw new Error("sample changed");
    phase.onError = { goto: "rejected" };
    const withGoto = compileFlow(definition);
    let s = start(withGoto).snapshot;
    s = step(withGoto, s, { type: "done", state: "start" }).snapshot;
    expect(step(withGoto, s, { type: "failed", state: "import" }).entered).toEqual(["rejected"]);
  });

  it("round-trips a snapshot through JSON and carries on from it", () => {
    const flow = compileFlow(sampleFlow());
    let { snapshot } = start(flow, { steps: { start: { attempt: 1 } } });
    for (const state of ["start", "import"]) ({ snapshot } = step(flow, snapshot, { type: "done", state }));
    ({ snapshot } = step(flow, snapshot, { type: "done", state: "gate", edge: "e-big" }));
    ({ snapshot } = step(flow, snapshot, { type: "done", state: "fan~0/a" }));
    const stored = JSON.parse(JSON.stringify(persist(snapshot)));
    const restored = restore(flow, stored);
    expect(restored.context).toEqual({ steps: { start: { attempt: 1 } } });
    expect(activeStates(flow, restored.value)).toEqual(activeStates(flow, snapshot.value));
    expect(step(flow, restored, { type: "done", state: "fan~1/b" }).entered).toEqual(["merge"]);
  });

  it("compiles generated flows of every node type, with a state for every node", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const definition = generateFlow({ nodes: 300, seed });
      const flow = compileFlow(definition);
      const placed = new Set([...flow.states.values()].map((s) => s.node.id));
      expect(placed).toEqual(new Set(definition.nodes.map((n) => n.id)));
    }
  });
});
