import type { FlowDefinition } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { draftDiffers } from "./draft-differs.js";

const published: FlowDefinition = {
  id: "labels",
  name: "Labels",
  version: 1,
  nodes: [
    { id: "start", type: "start", ui: { x: 0, y: 0 } },
    { id: "review", type: "phase", label: "Old label", handler: "noop", ui: { x: 200, y: 0 } },
    { id: "done", type: "end", ui: { x: 400, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "review" },
    { id: "e2", source: "review", target: "done" },
  ],
};
const { version: _version, ...draft } = published;

describe("draftDiffers", () => {
  it("sees a changed label", () => {
    const edited = { ...draft, nodes: draft.nodes.map((n) => (n.id === "review" ? { ...n, label: "New" } : n)) };
    expect(draftDiffers(edited, published)).toBe(true);
  });

  it("ignores the version, moved nodes and the order of keys", () => {
    const moved = {
      edges: draft.edges,
      nodes: draft.nodes.map((n) => ({ ...n, ui: { x: 1, y: 2 } })),
      name: draft.name,
      id: draft.id,
    } as FlowDefinition;
    expect(draftDiffers(moved, published)).toBe(false);
  });
});
