import { describe, expect, it } from "vitest";
import { childPointer, deleteAt, getAt, setAt, updateAt } from "./value-pointer.js";

describe("value-pointer", () => {
  const doc = Object.freeze({
    url: "https://a",
    headers: Object.freeze({ "a/b": "1", keep: "2" }),
    list: Object.freeze([1, 2, 3]),
  });

  it("builds and reads escaped pointers", () => {
    expect(childPointer("/headers", "a/b")).toBe("/headers/a~1b");
    expect(getAt(doc, "/headers/a~1b")).toBe("1");
    expect(getAt(doc, "/list/1")).toBe(2);
    expect(getAt(doc, "/missing/x")).toBeUndefined();
    expect(getAt(doc, "")).toBe(doc);
  });

  it("sets a value without mutating, keeping untouched branches and key order", () => {
    const next = setAt(doc, "/headers/keep", "3") as typeof doc;
    expect(next).not.toBe(doc);
    expect(next.headers).toEqual({ "a/b": "1", keep: "3" });
    expect(Object.keys(next)).toEqual(["url", "headers", "list"]);
    expect(next.list).toBe(doc.list);
    expect(doc.headers.keep).toBe("2");
  });

  it("creates missing objects and appends to lists", () => {
    expect(setAt({}, "/a/b", 1)).toEqual({ a: { b: 1 } });
    expect(setAt(doc, "/list/3", 4)).toMatchObject({ list: [1, 2, 3, 4] });
    expect(setAt(doc, "/list/-", 9)).toMatchObject({ list: [1, 2, 3, 9] });
    expect(setAt(undefined, "", 5)).toBe(5);
    expect(() => setAt(doc, "/list/7", 1)).toThrow(RangeError);
    expect(() => setAt(doc, "no-slash", 1)).toThrow(RangeError);
  });

  it("stores a __proto__ key as data, never as the prototype", () => {
    const next = setAt({}, "/__proto__", { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(next, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
  });

  it("deletes keys and items without mutating; deleting nothing returns the same document", () => {
    const next = deleteAt(doc, "/headers/a~1b") as typeof doc;
    expect(next.headers).toEqual({ keep: "2" });
    expect(doc.headers).toEqual({ "a/b": "1", keep: "2" });
    expect((deleteAt(doc, "/list/0") as typeof doc).list).toEqual([2, 3]);
    expect(deleteAt(doc, "/nothing")).toBe(doc);
    expect(deleteAt(doc, "/list/9")).toBe(doc);
    expect(deleteAt(doc, "")).toBeUndefined();
  });

  it("updateAt deletes on undefined and sets otherwise", () => {
    expect(updateAt({ a: 1, b: 2 }, "/a", undefined)).toEqual({ b: 2 });
    expect(updateAt({ a: 1 }, "/a", 0)).toEqual({ a: 0 });
  });
});
