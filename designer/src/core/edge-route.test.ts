import type { FlowEdge } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { edgeRoute, fittedRoute, polylinePath, shiftRoute, withRoute } from "./edge-route.js";

const route = {
  points: [
    { x: 100, y: 30 },
    { x: 140, y: 30 },
    { x: 140, y: 130 },
    { x: 200, y: 130 },
  ],
  label: { x: 170, y: 130 },
};

describe("edge routes", () => {
  it("stores a route in the edge's ui, keeping other ui fields, and reads it back", () => {
    const edge: FlowEdge = { id: "e1", source: "a", target: "b", ui: { color: "red" } };
    const routed = withRoute(edge, route);
    expect(routed.ui).toEqual({
      color: "red",
      route: { points: [100, 30, 140, 30, 140, 130, 200, 130], label: [170, 130] },
    });
    expect(edgeRoute(routed)).toEqual(route);
    expect(withRoute(routed, undefined).ui).toEqual({ color: "red" });
  });

  it("ignores a hand-edited route that is not a list of points", () => {
    const bad = (r: unknown): FlowEdge => ({ id: "e1", source: "a", target: "b", ui: { route: r } });
    expect(edgeRoute(bad({ points: [1, 2] }))).toBeUndefined();
    expect(edgeRoute(bad({ points: [1, 2, 3] }))).toBeUndefined();
    expect(
      edgeRoute(
        bad({
          points: [
            { x: 1, y: 2 },
            { x: 2, y: 3 },
          ],
        }),
      ),
    ).toBeUndefined();
    expect(edgeRoute(bad("yes"))).toBeUndefined();
  });

  it("draws a route whose ends still meet the handles, snapped onto them", () => {
    expect(fittedRoute(route, { x: 103, y: 30 }, { x: 197, y: 130 })).toEqual([
      { x: 103, y: 30 },
      { x: 140, y: 30 },
      { x: 140, y: 130 },
      { x: 197, y: 130 },
    ]);
  });

  it("gives up a route once a node has moved since the layout", () => {
    expect(fittedRoute(route, { x: 100, y: 50 }, { x: 200, y: 130 })).toBeUndefined();
    expect(fittedRoute(route, { x: 100, y: 30 }, { x: 260, y: 130 })).toBeUndefined();
  });

  it("moves a route with its nodes", () => {
    const moved = shiftRoute(route, { x: 40, y: 40 });
    expect(moved.points[0]).toEqual({ x: 140, y: 70 });
    expect(moved.label).toEqual({ x: 210, y: 170 });
  });

  it("draws the polyline through every bend with rounded corners", () => {
    const path = polylinePath(route.points);
    expect(path.startsWith("M 100 30")).toBe(true);
    expect(path.endsWith("L 200 130")).toBe(true);
    expect(path.match(/Q 140 30/)).not.toBeNull();
    expect(path.match(/Q 140 130/)).not.toBeNull();
  });
});
