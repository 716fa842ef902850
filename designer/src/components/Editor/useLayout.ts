/**
 * The editor's layout actions: auto layout (ELK on the nodes' measured sizes, applied as one undo step), Fit (which
 * keeps the minimap's corner clear of nodes), and a command runner that places the nodes of an imported or
 * hand-edited document that have no position before the document replaces the current one.
 */
import { type Node, useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback, useMemo, useRef } from "react";
import {
  type Command,
  computeLayout,
  fitPadding,
  type NodeSize,
  needsPlacement,
  placeCommand,
} from "../../core/index.js";
import type { EditorState } from "../../hooks/useEditor.js";

/** React Flow's default minimap (200 x 150 px) and the 15 px margin of the panel that holds it. */
const MINIMAP_CORNER = { width: 215, height: 165 };
/** The zoom controls' column at the bottom left (26 px buttons in a panel 15 px from the edge). */
const CONTROLS_WIDTH = 45;
const FIT_MARGIN = 24;

/** The sizes React Flow measured, by node id, so ELK spaces nodes by their real boxes. */
function measuredSizes(nodes: readonly Node[]): Record<string, NodeSize> {
  const sizes = Object.create(null) as Record<string, NodeSize>;
  for (const node of nodes) {
    const { width, height } = node.measured ?? {};
    if (width && height) sizes[node.id] = { width, height };
  }
  return sizes;
}

export interface LayoutActions {
  /** Lays the whole flow out and fits it into view. */
  layout(): Promise<void>;
  /** Fits every node into view, none under the minimap. */
  fit(): void;
  /** Runs a command, first placing any nodes without a position it brings (in order with the commands before). */
  run(command: Command): void;
}

/** Layout actions for `editor`; call inside the editor's ReactFlowProvider. */
export function useLayout(editor: EditorState): LayoutActions {
  const flow = useReactFlow();
  const store = useStoreApi();
  // Commands queue behind a placement still running, so a later edit is never overtaken by an earlier import.
  const pending = useRef<Promise<void> | undefined>(undefined);
  const { run: runNow, seal, latest } = editor;

  const fit = useCallback(() => {
    const nodes = flow.getNodes();
    if (nodes.length === 0) return;
    const { width, height } = store.getState();
    const padding = fitPadding(
      flow.getNodesBounds(nodes),
      { width, height },
      MINIMAP_CORNER,
      FIT_MARGIN,
      CONTROLS_WIDTH,
    );
    void flow.fitView({ maxZoom: 1, padding });
  }, [flow, store]);

  const layout = useCallback(async () => {
    const result = await computeLayout(latest.current, { sizes: measuredSizes(flow.getNodes()) });
    // One undo step, and only positions and routes change: edits made while ELK runs are kept.
    seal();
    runNow({ kind: "applyLayout", ...result });
    seal();
    setTimeout(fit, 50);
  }, [flow, latest, runNow, seal, fit]);

  const run = useCallback(
    (command: Command) => {
      if (pending.current === undefined && !needsPlacement(command)) {
        runNow(command);
        return;
      }
      const before = pending.current ?? Promise.resolve();
      const mine: Promise<void> = before
        .then(() => placeCommand(command))
        .then(
          (placed) => {
            runNow(placed);
            // Placed nodes may land outside the view: show the whole flow, as after auto layout.
            if (placed !== command) setTimeout(fit, 50);
          },
          () => runNow(command),
        )
        .finally(() => {
          if (pending.current === mine) pending.current = undefined;
        });
      pending.current = mine;
    },
    [runNow, fit],
  );

  return useMemo(() => ({ layout, fit, run }), [layout, fit, run]);
}
