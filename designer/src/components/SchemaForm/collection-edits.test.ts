import { describe, expect, it } from "vitest";
import {
  absentIfEmpty,
  addEntry,
  insertItem,
  moveItem,
  removeEntry,
  removeItem,
  renameEntry,
  uniqueKey,
} from "./collection-edits.js";

describe("collection edits", () => {
  const list = Object.freeze(["a", "b", "c"]);
  const map = Object.freeze({ first: 1, second: 2, third: 3 });

  it("adds, removes and reorders list items without mutating", () => {
    expect(insertItem(list, "d")).toEqual(["a", "b", "c", "d"]);
    expect(insertItem(list, "x", 0)).toEqual(["x", "a", "b", "c"]);
    expect(removeItem(list, 1)).toEqual(["a", "c"]);
    expect(removeItem(list, 5)).toBe(list);
    expect(moveItem(list, 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(list, 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(list, 0, -1)).toBe(list);
    expect(moveItem(list, 2, 3)).toBe(list);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("adds entries under fresh keys", () => {
    expect(uniqueKey({}, "key")).toBe("key");
    expect(uniqueKey({ key: 1, "key-2": 2 }, "key")).toBe("key-3");
    expect(addEntry(map, "")).toEqual({ key: "key", value: { ...map, key: "" } });
  });

  it("renames an entry in place and refuses a key that is taken", () => {
    const renamed = renameEntry(map, "second", "middle");
    expect(renamed.ok && Object.keys(renamed.value)).toEqual(["first", "middle", "third"]);
    expect(renameEntry(map, "second", "third")).toEqual({ ok: false, problem: 'there is already an entry "third"' });
    expect(renameEntry(map, "second", "second")).toEqual({ ok: true, value: map });
    expect(map).toEqual({ first: 1, second: 2, third: 3 });
  });

  it("removes entries", () => {
    expect(removeEntry(map, "first")).toEqual({ second: 2, third: 3 });
  });

  it("removes an emptied optional list or map, keeps a required one", () => {
    expect(absentIfEmpty([], false)).toBeUndefined();
    expect(absentIfEmpty({}, false)).toBeUndefined();
    expect(absentIfEmpty([], true)).toEqual([]);
    expect(absentIfEmpty({ a: 1 }, false)).toEqual({ a: 1 });
  });
});
