/**
 * An edge's route from auto layout: the orthogonal polyline ELK computed, kept in the edge's `ui.route` (the
 * runtime ignores `ui`, and the flow schema keeps any field there) so a saved flow reopens with the same drawing.
 * A route is only drawn while it still fits its ends: once a node moves (or changes size), the canvas falls back
 * to a plain path for that edge instead of drawing a line that no longer reaches it.
 */
import type { FlowEdge } from "@mfo/schemas";
import type { Position } from "./document.js";

/** The points of a routed edge, from its source handle to its target handle, and where its label sits. */
export interface EdgeRoute {
  /** At least two points; consecutive points share an x or a y (orthogonal segments). */
  points: Position[];
  /** The centre of the label's box, when the edge has a label. */
  label?: Position;
}

/** How far (px) a route's end may be from the handle it is drawn to before the route counts as stale. */
export const ROUTE_TOLERANCE = 6;

/**
 * How a route is kept in `ui.route`: flat lists of numbers (`points: [x0, y0, x1, y1, ...]`, `label: [x, y]`), about
 * half the JSON of `{ "x", "y" }` objects, since a large flow's routes count against the definition's size limit.
 */
interface StoredRoute {
  points: number[];
  label?: [number, number];
}

/** The points of a flat `[x0, y0, x1, y1, ...]` list, or undefined when it is not one. */
function pointsOf(flat: unknown): Position[] | undefined {
  if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every(Number.isFinite)) return undefined;
  const points: Position[] = [];
  for (let i = 0; i < flat.length; i += 2) points.push({ x: flat[i] as number, y: flat[i + 1] as number });
  return points;
}

/** The route stored on an edge, or undefined when it has none (or a hand-edited one that is not a route). */
export function edgeRoute(edge: FlowEdge): EdgeRoute | undefined {
  const stored = edge.ui?.route as { points?: unknown; label?: unknown } | undefined;
  if (typeof stored !== "object" || stored === null) return undefined;
  const points = pointsOf(stored.points);
  if (points === undefined || points.length < 2) return undefined;
  const [label] = pointsOf(stored.label) ?? [];
  return { points, ...(label ? { label } : {}) };
}

/** The edge with `route` in its `ui` (every other `ui` field kept), or without one when `route` is undefined. */
export function withRoute(edge: FlowEdge, route: EdgeRoute | undefined): FlowEdge {
  if (route === undefined) {
    if (edge.ui === undefined || !Object.hasOwn(edge.ui, "route")) return edge;
    const { route: _gone, ...ui } = edge.ui;
    return { ...edge, ui };
  }
  const stored: StoredRoute = {
    points: route.points.flatMap((p) => [p.x, p.y]),
    ...(route.label ? { label: [route.label.x, route.label.y] } : {}),
  };
  return { ...edge, ui: { ...edge.ui, route: stored } };
}

/** The route moved by `by`, label included. */
export function shiftRoute(route: EdgeRoute, by: Position): EdgeRoute {
  const move = (p: Position) => ({ x: p.x + by.x, y: p.y + by.y });
  return { points: route.points.map(move), ...(route.label ? { label: move(route.label) } : {}) };
}

const near = (a: Position, b: Position) =>
  Math.abs(a.x - b.x) <= ROUTE_TOLERANCE && Math.abs(a.y - b.y) <= ROUTE_TOLERANCE;

/**
 * The route's points to draw between these handle positions, ends snapped onto the handles; undefined when the
 * route no longer starts at `source` and ends at `target` (a node moved since the layout), so the caller draws
 * its fallback path instead.
 */
export function fittedRoute(route: EdgeRoute, source: Position, target: Position): Position[] | undefined {
  const first = route.points[0];
  const last = route.points.at(-1);
  if (first === undefined || last === undefined || !near(first, source) || !near(last, target)) return undefined;
  return [source, ...route.points.slice(1, -1), target];
}

/** An SVG path through the points, with corners rounded by up to `radius` so bends read as turns. */
export function polylinePath(points: readonly Position[], radius = 6): string {
  const [start, ...rest] = points;
  if (start === undefined) return "";
  let path = `M ${start.x} ${start.y}`;
  for (let i = 0; i < rest.length; i++) {
    const corner = rest[i] as Position;
    const before = i === 0 ? start : (rest[i - 1] as Position);
    const after = rest[i + 1];
    if (after === undefined) {
      path += ` L ${corner.x} ${corner.y}`;
      break;
    }
    // Each rounding stays within half of both segments it joins, so two close bends never overlap.
    const r = Math.min(radius, dist(before, corner) / 2, dist(corner, after) / 2);
    const a = towards(corner, before, r);
    const b = towards(corner, after, r);
    path += ` L ${a.x} ${a.y} Q ${corner.x} ${corner.y} ${b.x} ${b.y}`;
  }
  return path;
}

function dist(a: Position, b: Position): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** The point `r` from `from` on the way to `to`. */
function towards(from: Position, to: Position, r: number): Position {
  const d = dist(from, to);
  if (d === 0) return from;
  return { x: from.x + ((to.x - from.x) * r) / d, y: from.y + ((to.y - from.y) * r) / d };
}
