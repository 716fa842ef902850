/**
 * Room to leave around a flow when fitting it into the canvas, so no node ends up under what floats over the canvas
 * in a corner: the minimap (bottom right) and the zoom controls (a narrow column, bottom left). Keeping the minimap's
 * corner clear costs either a strip down the right or a strip along the bottom; the cheaper one is the side the flow
 * does not fill anyway. The controls are narrow, so a strip down the left as wide as they are costs little.
 */

/** Padding per side in px, in the form React Flow's fitView takes. */
export interface FitPadding {
  top: `${number}px`;
  right: `${number}px`;
  bottom: `${number}px`;
  left: `${number}px`;
}

interface Size {
  width: number;
  height: number;
}

/**
 * The fitView padding for `content` (the nodes' bounding box, flow units) in a canvas of `view` px, keeping `corner`
 * (px, bottom right) clear: a `margin` on every side, `left` px more on the left, and the corner's width on the right
 * or its height at the bottom, whichever leaves the larger zoom.
 */
export function fitPadding(content: Size, view: Size, corner: Size, margin = 24, left = 0): FitPadding {
  const zoom = (extraRight: number, extraBottom: number) =>
    Math.min(
      (view.width - 2 * margin - left - extraRight) / Math.max(1, content.width),
      (view.height - 2 * margin - extraBottom) / Math.max(1, content.height),
    );
  const right = zoom(corner.width, 0) >= zoom(0, corner.height);
  const px = (n: number) => `${Math.round(n)}px` as const;
  return {
    top: px(margin),
    left: px(margin + left),
    right: px(margin + (right ? corner.width : 0)),
    bottom: px(margin + (right ? 0 : corner.height)),
  };
}
