import { nodeTypes } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { nodeFields, nodeFieldsFor } from "./node-fields.js";

describe("the inspector's node fields table", () => {
  it("has an entry for every node type of the registry, and no other", () => {
    expect(Object.keys(nodeFields).sort()).toEqual(nodeTypes.map((t) => t.type).sort());
  });

  it("finds the fields of a type with fields of its own, and null for one without", () => {
    expect(nodeFieldsFor("phase")).toBe(nodeFields.phase);
    expect(nodeFieldsFor("start")).toBeNull();
  });

  it("gives undefined for a type it does not know, including names of Object's own members", () => {
    expect(nodeFieldsFor("teleport")).toBeUndefined();
    expect(nodeFieldsFor("constructor")).toBeUndefined();
    expect(nodeFieldsFor("__proto__")).toBeUndefined();
  });
});
