import { describe, expect, it } from "vitest";
import flowSchema from "../contract/flow.schema.json" with { type: "json" };
import { FLOW_TYPE_ID_PATTERN, FLOW_TYPE_ID_RULE, isFlowTypeId } from "./flow-type-id.js";

describe("the flow-type id rule", () => {
  it("is flow.schema.json's", () => {
    expect(FLOW_TYPE_ID_PATTERN.source).toBe(flowSchema.$defs.flowTypeId.pattern);
    expect(FLOW_TYPE_ID_RULE).toBe(flowSchema.$defs.flowTypeId.description);
  });

  it("takes a lowercase id of at most 63 characters", () => {
    expect(isFlowTypeId("assessment-2")).toBe(true);
    expect(isFlowTypeId(`a${"b".repeat(62)}`)).toBe(true);
    expect(isFlowTypeId(`a${"b".repeat(63)}`)).toBe(false);
    expect(isFlowTypeId("Assessment")).toBe(false);
    expect(isFlowTypeId("2fast")).toBe(false);
    expect(isFlowTypeId(42)).toBe(false);
  });
});
