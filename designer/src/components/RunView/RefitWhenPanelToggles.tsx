/**
 * Fits the run canvas again when the side panel opens or closes: the canvas narrows or widens with it, and the
 * nodes on the right (often the ones the panel is about: sign-off, the end) would otherwise sit behind the panel.
 * Only on the toggle, not when another node's panel replaces the first, so a zoom the operator chose stays.
 */
import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { FIT_VIEW_OPTIONS } from "../Canvas/index.js";

export function RefitWhenPanelToggles({ open }: { open: boolean }) {
  const flow = useReactFlow();
  // The canvas fits itself when it mounts: only a change of `open` after that refits.
  const previous = useRef(open);
  useEffect(() => {
    if (previous.current === open) return;
    previous.current = open;
    // After the layout change has been painted, so the fit uses the canvas's new width.
    const frame = requestAnimationFrame(() => void flow.fitView(FIT_VIEW_OPTIONS));
    return () => cancelAnimationFrame(frame);
  }, [open, flow]);
  return null;
}
