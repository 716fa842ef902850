import { describe, expect, it } from "vitest";
import { caught, errorMessage, keysChanged } from "./boundary-state.js";
import { ErrorBoundary } from "./index.js";

describe("error boundary state", () => {
  it("keeps a thrown error's message and never its stack", () => {
    const thrown = new TypeError("Cannot read properties of undefined (reading 'nodes')");
    const state = ErrorBoundary.getDerivedStateFromError(thrown);
    expect(state).toEqual({ error: { message: "Cannot read properties of undefined (reading 'nodes')" } });
    expect(JSON.stringify(state)).not.toContain("at ");
  });

  it("says something for values that are not errors", () => {
    expect(errorMessage("lost the connection")).toBe("lost the connection");
    expect(errorMessage(undefined)).toMatch(/did not expect/);
    expect(caught(new Error("")).error?.message).toBe("Error");
  });

  it("tries again when a reset key changes, not when it stays", () => {
    expect(keysChanged(["risk"], ["risk"])).toBe(false);
    expect(keysChanged(["risk"], ["six-r"])).toBe(true);
    expect(keysChanged(undefined, [])).toBe(false);
  });
});
