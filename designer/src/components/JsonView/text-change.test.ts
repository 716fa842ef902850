import { describe, expect, it } from "vitest";
import { textChange } from "./text-change.js";

const applied = (before: string, after: string) => {
  const change = textChange(before, after);
  return change ? before.slice(0, change.from) + change.insert + before.slice(change.to) : before;
};

describe("textChange", () => {
  it("replaces only the middle that differs", () => {
    const before = '{\n  "x": 140,\n  "y": 60\n}';
    const after = '{\n  "x": 145,\n  "y": 60\n}';
    expect(textChange(before, after)).toEqual({ from: 11, to: 12, insert: "5" });
  });

  it("says nothing changed for equal texts", () => {
    expect(textChange("same", "same")).toBeUndefined();
  });

  it("handles insertions and deletions whose ends repeat the same characters", () => {
    for (const [before, after] of [
      ["aa", "aaa"],
      ["aaa", "aa"],
      ["", "abc"],
      ["abc", ""],
      ["abcabc", "abc"],
      ["x1y", "x22y"],
    ] as const) {
      expect(applied(before, after)).toBe(after);
      const change = textChange(before, after);
      expect(change && change.from <= change.to).toBe(true);
    }
  });
});
