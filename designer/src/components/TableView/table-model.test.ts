import { describe, expect, it } from "vitest";
import { cellText, columnsOf, isNested, isTable, nextSort, sortedIndexes } from "./table-model.js";

const waves = [
  { wave: 2, assets: 12, byComplexity: { low: 4, medium: 6, high: 2 }, people: 3 },
  { wave: 1, assets: 5, byComplexity: { low: 5 }, people: 1, note: "pilot" },
  { wave: 10, assets: 9, people: null },
];

describe("table model", () => {
  it("takes the union of keys in first-seen order as columns", () => {
    expect(columnsOf(waves)).toEqual(["wave", "assets", "byComplexity", "people", "note"]);
  });

  it("reads only non-empty arrays of plain objects as tables", () => {
    expect(isTable(waves)).toBe(true);
    expect(isTable([])).toBe(false);
    expect(isTable([{ a: 1 }, [1]])).toBe(false);
    expect(isTable({ waves })).toBe(false);
  });

  it("summarises nested values and keeps short lists of scalars readable", () => {
    expect(cellText({ low: 4, medium: 6 })).toBe("{2 keys}");
    expect(cellText(["db01", "app02"])).toBe("db01, app02");
    expect(cellText([{ a: 1 }])).toBe("[1 item]");
    expect(isNested(["db01"])).toBe(false);
    expect(isNested([{ a: 1 }])).toBe(true);
    expect(cellText(undefined)).toBe("");
  });

  it("sorts numbers as numbers, empty cells last in both directions, and cycles on clicks", () => {
    expect(sortedIndexes(waves, { column: "wave", direction: "ascending" })).toEqual([1, 0, 2]);
    expect(sortedIndexes(waves, { column: "people", direction: "descending" })).toEqual([0, 1, 2]);
    expect(sortedIndexes(waves, { column: "people", direction: "ascending" })).toEqual([1, 0, 2]);
    const first = nextSort(undefined, "wave");
    expect(first).toEqual({ column: "wave", direction: "ascending" });
    expect(nextSort(first, "wave")).toEqual({ column: "wave", direction: "descending" });
    expect(nextSort(nextSort(first, "wave"), "wave")).toBeUndefined();
  });
});
