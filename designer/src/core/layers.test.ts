import type { FlowDefinition } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { estimateLayers } from "./layers.js";

const flow = (ids: string[], edges: [string, string][]): FlowDefinition => ({
  id: "f",
  name: "F",
  nodes: ids.map((id) => ({ id, type: "phase" as const, handler: "noop" })),
  edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })),
});

describe("estimateLayers", () => {
  it("counts the nodes on the longest path", () => {
    expect(
      estimateLayers(
        flow(
          ["a", "b", "c", "d"],
          [
            ["a", "b"],
            ["b", "c"],
            ["a", "d"],
          ],
        ),
      ),
    ).toBe(3);
  });

  it("cuts loops instead of following them forever", () => {
    expect(
      estimateLayers(
        flow(
          ["a", "b", "c"],
          [
            ["a", "b"],
            ["b", "c"],
            ["c", "a"],
          ],
        ),
      ),
    ).toBe(3);
  });

  it("walks a 5,000-node chain without overflowing the stack", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => [ids[i] as string, id] as [string, string]);
    expect(estimateLayers(flow(ids, edges))).toBe(5000);
  });
});
