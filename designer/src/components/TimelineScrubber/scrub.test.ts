import type { FlowEvent } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { eventLabel, indexOfSeq, playDelay, tickPaths } from "./scrub.js";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const events: FlowEvent[] = [
  { seq: 1, type: "instance.created", at: at(0) },
  { seq: 2, type: "node.started", nodeId: "a", at: at(10) },
  { seq: 5, type: "node.completed", nodeId: "a", at: at(5000) },
  { seq: 6, type: "node.failed", nodeId: "b", at: at(5001) },
];

describe("timeline scrubber", () => {
  it("draws one path per kind of node event, at each event's position", () => {
    expect(tickPaths(events)).toEqual({ started: "M1.5 0V1", completed: "M2.5 0V1", failed: "M3.5 0V1" });
  });

  it("labels a position with its number, time, type and node label", () => {
    const label = eventLabel(events, 2, (id) => `Node ${id.toUpperCase()}`);
    expect(label).toMatch(/^event 3 of 4 · .+ · node\.completed · Node A$/);
    expect(eventLabel(events, 0)).toMatch(/^event 1 of 4 · .+ · instance\.created$/);
    expect(eventLabel([], 0)).toBe("no events yet");
  });

  it("plays the real gaps, at least 50 ms and at most 1 s a step, four times faster at 4x", () => {
    expect(playDelay(events[0] as FlowEvent, events[1] as FlowEvent, 1)).toBe(50);
    expect(playDelay(events[1] as FlowEvent, events[2] as FlowEvent, 1)).toBe(1000);
    expect(playDelay(events[1] as FlowEvent, events[2] as FlowEvent, 4)).toBe(250);
  });

  it("finds the event at or before a seq (seqs may skip)", () => {
    expect(indexOfSeq(events, 0)).toBe(-1);
    expect(indexOfSeq(events, 4)).toBe(1);
    expect(indexOfSeq(events, 5)).toBe(2);
    expect(indexOfSeq(events, 99)).toBe(3);
  });
});
