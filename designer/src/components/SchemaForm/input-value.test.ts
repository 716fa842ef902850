import { describe, expect, it } from "vitest";
import { buildFieldModel } from "./field-model.js";
import { displayModel, emptyValue, fitsField } from "./field-value.js";
import {
  checkboxChecked,
  checkboxValue,
  numberText,
  numberValue,
  selectIndex,
  selectPlaceholder,
  selectValue,
  textValue,
} from "./input-value.js";
import { draftOf, editJson, reconcileDraft } from "./json-text.js";

const text = (required: boolean) => buildFieldModel({ type: "string" }, { name: "a", required });
const select = buildFieldModel({ enum: ["json", "text"], default: "json" }, { name: "t" });

describe("input values", () => {
  it("removes an emptied optional text, keeps '' for a required one", () => {
    expect(textValue(text(false), "")).toBeUndefined();
    expect(textValue(text(true), "")).toBe("");
    expect(textValue(text(false), "x")).toBe("x");
  });

  it("reads numbers; empty or invalid text is no value", () => {
    expect(numberValue("42")).toBe(42);
    expect(numberValue("1.5")).toBe(1.5);
    expect(numberValue("")).toBeUndefined();
    expect(numberValue("abc")).toBeUndefined();
    expect(numberText(7)).toBe("7");
    expect(numberText(null)).toBe("");
  });

  it("maps select options by index and shows the default as the empty choice", () => {
    expect(selectIndex(select, "text")).toBe("1");
    expect(selectIndex(select, undefined)).toBe("");
    expect(selectValue(select, "0")).toBe("json");
    expect(selectValue(select, "")).toBeUndefined();
    expect(selectPlaceholder(select)).toBe("default (json)");
  });

  it("stores a checkbox only when it differs from the default", () => {
    const flag = buildFieldModel({ type: "boolean", default: true }, { name: "f" });
    expect(checkboxChecked(flag, undefined)).toBe(true);
    expect(checkboxValue(flag, true)).toBeUndefined();
    expect(checkboxValue(flag, false)).toBe(false);
    const plain = buildFieldModel({ type: "boolean" }, { name: "g" });
    expect(checkboxValue(plain, false)).toBeUndefined();
    expect(checkboxValue({ ...plain, required: true }, false)).toBe(false);
  });

  it("shows a value that does not fit its input as JSON, never dropping it", () => {
    const number = buildFieldModel({ type: "integer" });
    expect(fitsField(number, "oops")).toBe(false);
    expect(displayModel(number, "oops").kind).toBe("json");
    expect(displayModel(select, "other").kind).toBe("json");
    expect(displayModel(number, 3)).toBe(number);
    expect(displayModel(number, "=input.n").kind).toBe("integer");
  });

  it("starts new items from the default, the minimum or an empty value", () => {
    expect(emptyValue(buildFieldModel({ type: "integer", minimum: 100 }))).toBe(100);
    expect(emptyValue(select)).toBe("json");
    expect(emptyValue(buildFieldModel({ type: "object", properties: {} }))).toEqual({});
    expect(emptyValue(buildFieldModel(true))).toBeNull();
  });
});

describe("JSON text", () => {
  it("stores parsed JSON, keeps unparsable text as a draft with its problem", () => {
    const start = draftOf({ a: 1 }, false);
    expect(start.text).toBe('{\n  "a": 1\n}');
    const bad = editJson(start, "{ a: 1", false);
    expect(bad.store).toBe(false);
    expect(bad.draft.problem).toMatch(/^not valid JSON/);
    expect(bad.draft.value).toEqual({ a: 1 });
    const good = editJson(bad.draft, '{"a": 2}', false);
    expect(good).toMatchObject({ store: true, draft: { value: { a: 2 }, problem: null } });
    expect(editJson(good.draft, "  ", false)).toMatchObject({ store: true, draft: { value: undefined } });
  });

  it("checks JSON Schemas with checkUserSchema", () => {
    const edit = editJson(draftOf(undefined, true), '{"type": "nonsense"}', true);
    expect(edit.store).toBe(true);
    expect(edit.draft.problem).toMatch(/^not a usable JSON Schema/);
    expect(editJson(edit.draft, '{"type": "object"}', true).draft.problem).toBeNull();
    expect(draftOf(true, true).problem).toBeNull();
  });

  it("refuses a JSON Schema whose pattern the linear-time engine cannot run, as the runtime does", () => {
    const edit = editJson(draftOf(undefined, true), '{"pattern": "(a)\\\\1"}', true);
    expect(edit.draft.problem).toMatch(/^not a usable JSON Schema: pattern "\(a\)\\\\1" is not supported/);
    expect(editJson(edit.draft, '{"pattern": "^(a+)+$"}', true).draft.problem).toBeNull();
  });

  it("keeps the draft while it stands for the stored value, else shows the stored value", () => {
    const bad = editJson(draftOf([1], false), "[1,", false).draft;
    expect(reconcileDraft(bad, [1], false)).toBe(bad);
    expect(reconcileDraft(bad, [2], false).text).toBe("[\n  2\n]");
  });
});
