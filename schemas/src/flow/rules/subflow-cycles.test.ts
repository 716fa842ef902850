import { describe, expect, it } from "vitest";
import type { FlowDefinition } from "../../generated/types.js";
import { callingFlow as calling } from "../../testing/subflow-flows.js";
import { validateFlow } from "../validate-flow.js";
import { type SubflowCatalogue, type SubflowRef, subflowRefs } from "./subflow-cycles.js";

/** A store of published versions: "type@version" (and "type@" for the latest) to its subflow references. */
function catalogue(published: Record<string, SubflowRef[]>, nextVersion?: number): SubflowCatalogue {
  return {
    ...(nextVersion === undefined ? {} : { nextVersion }),
    targets: (flowType, version) => published[`${flowType}@${version ?? ""}`],
  };
}

const cycles = (definition: FlowDefinition, subflows?: SubflowCatalogue) =>
  validateFlow(definition, undefined, subflows ? { subflows } : {}).errors.filter((e) => e.code === "subflow-cycle");

describe("subflow cycles", () => {
  it("are not checked without a subflow catalogue (the designer validates one document alone)", () => {
    expect(cycles(calling("rec", [{ flowType: "rec" }]))).toEqual([]);
  });

  it("refuse a flow that runs itself, naming the node and the path", () => {
    expect(cycles(calling("rec", [{ flowType: "rec" }]), catalogue({}))).toEqual([
      expect.objectContaining({ path: "/nodes/1", nodeId: "call-0", message: expect.stringContaining("rec -> rec") }),
    ]);
  });

  it("refuse a flow whose subflow leads back to it through other flow types", () => {
    const published = { "b@": [{ flowType: "c" }], "c@": [{ flowType: "a" }], "d@": [] };
    const errors = cycles(calling("a", [{ flowType: "d" }, { flowType: "b" }]), catalogue(published));
    expect(errors).toEqual([
      expect.objectContaining({
        path: "/nodes/2",
        nodeId: "call-1",
        message: expect.stringContaining("a -> b -> c -> a"),
      }),
    ]);
  });

  it("follow pinned versions: a pin to an old version of itself leads back only if that version does", () => {
    const published = { "a@1": [], "a@2": [{ flowType: "a" }] };
    expect(cycles(calling("a", [{ flowType: "a", version: 1 }]), catalogue(published, 3))).toEqual([]);
    expect(cycles(calling("a", [{ flowType: "a", version: 2 }]), catalogue(published, 3))).toEqual([
      expect.objectContaining({ message: expect.stringContaining("a -> a@2 -> a") }),
    ]);
    expect(cycles(calling("a", [{ flowType: "a", version: 3 }]), catalogue(published, 3))).toHaveLength(1);
  });

  it("end on cycles elsewhere in the store that do not lead back", () => {
    const published = { "x@": [{ flowType: "y" }], "y@": [{ flowType: "x" }] };
    expect(cycles(calling("a", [{ flowType: "x" }]), catalogue(published))).toEqual([]);
  });

  it("read subflow references from any document, skipping what is not a subflow", () => {
    expect(subflowRefs({ nodes: [{ type: "subflow", flowType: "b", version: 2 }, { type: "phase" }, null] })).toEqual([
      { flowType: "b", version: 2 },
    ]);
    expect(subflowRefs("not a flow")).toEqual([]);
  });
});
