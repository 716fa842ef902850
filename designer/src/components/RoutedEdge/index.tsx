/**
 * The canvas's edge: drawn along the orthogonal route auto layout stored in the edge's `ui.route`, so it bends
 * around nodes and passes through its label's reserved box; once a node has moved since the layout (the route's
 * ends no longer meet the handles), a plain step path from handle to handle, until the next layout.
 */
import { BaseEdge, type EdgeProps, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import { edgeRoute, type FlowEdgeData, fittedRoute, polylinePath } from "../../core/index.js";

function RoutedEdgeImpl(props: EdgeProps) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const route = (data as FlowEdgeData | undefined)?.edge ? edgeRoute((data as FlowEdgeData).edge) : undefined;
  const points = route ? fittedRoute(route, { x: sourceX, y: sourceY }, { x: targetX, y: targetY }) : undefined;
  let path: string;
  let labelX: number;
  let labelY: number;
  if (route && points) {
    path = polylinePath(points);
    // A route without a label box (an edge that had no label when laid out) puts a new label mid-route.
    const middle = points[Math.floor((points.length - 1) / 2)] ?? points[0];
    labelX = route.label?.x ?? middle?.x ?? sourceX;
    labelY = route.label?.y ?? middle?.y ?? sourceY;
  } else {
    [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  }
  return (
    <BaseEdge
      id={props.id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={props.label}
      labelStyle={props.labelStyle}
      labelShowBg={props.labelShowBg}
      labelBgStyle={props.labelBgStyle}
      labelBgPadding={props.labelBgPadding ?? LABEL_PADDING}
      labelBgBorderRadius={props.labelBgBorderRadius ?? 3}
      markerEnd={props.markerEnd}
      markerStart={props.markerStart}
      style={props.style}
      interactionWidth={props.interactionWidth}
      className={points ? "routed-edge" : "routed-edge routed-edge-stale"}
    />
  );
}

const LABEL_PADDING: [number, number] = [4, 2];

/** The `routed` edge type (see ROUTED_EDGE in the core). */
export const RoutedEdge = memo(RoutedEdgeImpl);
