import { describe, expect, it } from "vitest";
import { parseRoute } from "./useRoute.js";

describe("parseRoute", () => {
  it("maps the designer's paths to pages", () => {
    expect(parseRoute("/")).toEqual({ page: "flows" });
    expect(parseRoute("/new", "?from=assessment")).toEqual({ page: "new", from: "assessment" });
    expect(parseRoute("/flows/discovery/edit")).toEqual({ page: "edit", flowType: "discovery" });
    expect(parseRoute("/flows/discovery", "?version=2")).toEqual({ page: "edit", flowType: "discovery", version: 2 });
    expect(parseRoute("/instances", "?flowType=x")).toEqual({ page: "instances", flowType: "x" });
    expect(parseRoute("/instances/abc")).toEqual({ page: "run", instanceId: "abc" });
    expect(parseRoute("/instances/abc", "?at=42")).toEqual({ page: "run", instanceId: "abc", at: 42 });
    expect(parseRoute("/secrets")).toEqual({ page: "secrets" });
    expect(parseRoute("/nowhere/at/all")).toEqual({ page: "missing", path: "/nowhere/at/all" });
  });

  it("ignores a version that is not a positive whole number, and an event seq that is not a whole number", () => {
    expect(parseRoute("/flows/x", "?version=-1")).toEqual({ page: "edit", flowType: "x" });
    expect(parseRoute("/instances/abc", "?at=soon")).toEqual({ page: "run", instanceId: "abc" });
    expect(parseRoute("/instances/abc", "?at=1.5")).toEqual({ page: "run", instanceId: "abc" });
    expect(parseRoute("/instances/abc", "?at=")).toEqual({ page: "run", instanceId: "abc" });
  });
});
