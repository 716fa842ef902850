import { describe, expect, it } from "vitest";
import { freshEdgeId, freshId, freshNodeId, idStem } from "./ids.js";

describe("fresh ids", () => {
  it("names the first node of a type after the type", () => {
    expect(freshNodeId("phase", new Set(["start", "end"]))).toBe("phase-1");
  });

  it("numbers past the highest id of the same stem, so a deleted id is not reused while a later one exists", () => {
    expect(freshNodeId("phase", new Set(["phase-1", "phase-3"]))).toBe("phase-4");
  });

  it("names a copy after its original's stem", () => {
    expect(idStem("phase-3")).toBe("phase");
    expect(idStem("data-import")).toBe("data-import");
    expect(freshNodeId("phase-3", new Set(["phase-3"]))).toBe("phase-4");
    expect(freshNodeId("import", new Set(["import"]))).toBe("import-1");
  });

  it("numbers edges like the examples (e1, e2, ...)", () => {
    expect(freshEdgeId(new Set())).toBe("e1");
    expect(freshEdgeId(new Set(["e1", "e7", "e-start"]))).toBe("e8");
  });

  it("keeps ids within 64 characters", () => {
    const long = "a".repeat(80);
    const id = freshNodeId(long, new Set());
    expect(id.length).toBeLessThanOrEqual(64);
    expect(id).toMatch(/^a+-1$/);
  });

  it("never returns a taken id, whatever is taken", () => {
    for (let round = 0; round < 50; round++) {
      const taken = new Set<string>();
      for (let i = 0; i < 30; i++) taken.add(`phase-${Math.floor(Math.random() * 40)}`);
      taken.add("phase");
      const id = freshId("phase", taken);
      expect(taken.has(id)).toBe(false);
    }
  });
});
