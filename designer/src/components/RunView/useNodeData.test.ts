import type { FlowEvent } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { lastSeqOf } from "./useNodeData.js";

const ev = (seq: number, type: string, nodeId?: string): FlowEvent => ({
  seq,
  type,
  at: "2026-11-20T09:30:00.000Z",
  ...(nodeId ? { nodeId } : {}),
});

describe("lastSeqOf", () => {
  it("moves only when an event about the node arrives, so the panel reads again only then", () => {
    const events = [ev(1, "instance.created"), ev(2, "node.entered", "risk"), ev(3, "node.entered", "gate")];
    expect(lastSeqOf(events, "risk")).toBe(2);
    expect(lastSeqOf([...events, ev(4, "node.started", "gate")], "risk")).toBe(2);
    expect(lastSeqOf([...events, ev(5, "node.completed", "risk")], "risk")).toBe(5);
    expect(lastSeqOf(events, "never")).toBe(0);
    expect(lastSeqOf(events, undefined)).toBe(0);
  });
});
