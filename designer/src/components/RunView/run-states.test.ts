import type { Instance } from "@mfo/schemas";
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { runStates } from "./run-states.js";

const base = (over: Partial<Instance>): Instance => ({
  id: "i",
  flowType: "sample",
  version: 1,
  status: "running",
  context: { input: {}, phases: {}, vars: {} },
  currentNodes: [],
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  finishedAt: null,
  ...over,
});

describe("runStates", () => {
  it("marks completed phases, the node the instance waits at, and the rest pending", () => {
    const states = runStates(
      sampleFlow(),
      base({
        status: "waiting",
        currentNodes: ["review"],
        context: { input: {}, phases: { import: { status: "completed", attempts: 2 } }, vars: {} },
      }),
    );
    expect(states.get("import")).toEqual({ state: "completed", attempts: 2 });
    expect(states.get("review")?.state).toBe("waiting");
    expect(states.get("done")?.state).toBe("pending");
  });

  it("shows the node a paused instance stopped at as paused, not running", () => {
    const states = runStates(sampleFlow(), base({ status: "paused", currentNodes: ["review"] }));
    expect(states.get("review")?.state).toBe("paused");
  });

  it("shows a node that waits (its record says so) as waiting while other branches run", () => {
    const states = runStates(
      sampleFlow(),
      base({
        status: "running",
        currentNodes: ["review"],
        context: { input: {}, phases: { review: { status: "waiting", attempts: 1 } }, vars: {} },
      }),
    );
    expect(states.get("review")?.state).toBe("waiting");
  });

  it("marks what a finished instance never reached as skipped, and its failing node as failed", () => {
    const states = runStates(
      sampleFlow(),
      base({
        status: "failed",
        finishedAt: "2026-01-01T00:01:00Z",
        lastError: { nodeId: "import", message: "boom" },
        context: {
          input: {},
          phases: { import: { status: "failed", attempts: 1, error: { message: "boom" } } },
          vars: {},
        },
      }),
    );
    expect(states.get("import")).toEqual({ state: "failed", attempts: 1, error: "boom" });
    expect(states.get("done")?.state).toBe("skipped");
  });

  it("marks nodes without a phase record (start, decision, end) completed once the history passed them", () => {
    const at = "2026-01-01T00:00:00Z";
    const states = runStates(sampleFlow(), base({ status: "completed", finishedAt: at }), [
      { seq: 1, type: "node.completed", nodeId: "start", at },
      { seq: 2, type: "node.completed", nodeId: "gate", at, data: { edge: "e-small" } },
      { seq: 3, type: "instance.completed", nodeId: "done", at },
    ]);
    expect([states.get("start")?.state, states.get("gate")?.state, states.get("done")?.state]).toEqual([
      "completed",
      "completed",
      "completed",
    ]);
    expect(states.get("fan")?.state).toBe("skipped");
  });
});
