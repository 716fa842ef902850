import { describe, expect, it } from "vitest";
import { dataShape } from "./data-shape.js";

describe("dataShape", () => {
  it("reads an array of objects as a table", () => {
    expect(dataShape([{ wave: 1 }, { wave: 2 }]).kind).toBe("table");
  });

  it("reads an inventory as one table per list of records and a tree of the rest", () => {
    const inventory = { assets: [{ id: "app01" }], unresolved: [], counts: { assets: 1 } };
    const shape = dataShape(inventory);
    expect(shape.kind).toBe("sections");
    if (shape.kind !== "sections") return;
    expect(shape.tables.map((t) => t.key)).toEqual(["assets"]);
    expect(shape.rest).toEqual({ unresolved: [], counts: { assets: 1 } });
  });

  it("reads scalars, lists of scalars and plain objects as trees", () => {
    expect(dataShape("ok").kind).toBe("tree");
    expect(dataShape([1, 2]).kind).toBe("tree");
    expect(dataShape({ strategy: "rehost", score: 37 }).kind).toBe("tree");
    expect(dataShape(null).kind).toBe("tree");
  });
});
