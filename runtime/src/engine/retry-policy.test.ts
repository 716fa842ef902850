import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryDelay, retryPolicy } from "./retry-policy.js";

describe("retry policy", () => {
  it("grows delays exponentially up to the cap", () => {
    const policy = { ...DEFAULT_RETRY, initialDelayMs: 100, multiplier: 3, maxDelayMs: 1000, jitter: false };
    expect([1, 2, 3, 4].map((n) => retryDelay(policy, n))).toEqual([100, 300, 900, 1000]);
  });

  it("with jitter stays within the upper half of the delay", () => {
    const policy = { ...DEFAULT_RETRY, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000, jitter: true };
    expect(retryDelay(policy, 2, () => 0)).toBe(1000);
    expect(retryDelay(policy, 2, () => 0.999999)).toBe(2000);
  });

  it("takes the phase's retry over the flow's settings over the defaults", () => {
    const flow = sampleFlow();
    const phase = flow.nodes.find((n) => n.type === "phase" && n.id === "a");
    if (phase?.type !== "phase") throw new Error("sample changed");
    phase.retry = { maxAttempts: 5 };
    expect(retryPolicy(flow, phase)).toEqual({ ...DEFAULT_RETRY, initialDelayMs: 100, maxAttempts: 5 });
  });
});
