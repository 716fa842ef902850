import { describe, expect, it } from "vitest";
import { firstFreeId } from "./free-id.js";

describe("firstFreeId", () => {
  it("keeps the base while it is free, else counts up from 2", () => {
    expect(firstFreeId("new-flow", new Set(["assessment"]))).toBe("new-flow");
    expect(firstFreeId("new-flow", new Set(["new-flow", "new-flow-2"]))).toBe("new-flow-3");
  });

  it("stays within the 63 characters of an id", () => {
    const long = "a".repeat(63);
    const id = firstFreeId(long, new Set([long]));
    expect(id).toHaveLength(63);
    expect(id.endsWith("-2")).toBe(true);
  });
});
