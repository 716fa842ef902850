import { Canvas } from "@mfo/designer/components/Canvas";
import { RoutedEdge } from "@mfo/designer/components/RoutedEdge";
import { computeLayout, execute, type NodeSize, toGraph } from "@mfo/designer/core";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { assessment } from "../fixtures/examples.js";
import { onCanvas } from "../fixtures/on-canvas.js";

/**
 * The assessment on a canvas, auto laid out as the editor does it once React Flow has measured the nodes; a button
 * moves one node, as a drag would, so a story can show what happens to the routes of its edges.
 */
function LaidOut({ doc: initial }: { doc: FlowDefinition }) {
  const flow = useReactFlow();
  const measured = useNodesInitialized();
  const [doc, setDoc] = useState(initial);
  const [laidOut, setLaidOut] = useState(false);
  useEffect(() => {
    if (!measured || laidOut) return;
    const sizes: Record<string, NodeSize> = {};
    for (const n of flow.getNodes()) if (n.measured?.width && n.measured.height) sizes[n.id] = n.measured as NodeSize;
    void computeLayout(doc, { sizes }).then((layout) => {
      setDoc((d) => execute(d, { kind: "applyLayout", ...layout }).doc);
      setLaidOut(true);
    });
  }, [measured, laidOut, flow, doc]);
  const graph = useMemo(() => toGraph(doc), [doc]);
  const nudge = () =>
    setDoc((d) => {
      const gate = d.nodes.find((n) => n.id === "risk-gate");
      const at = { x: (gate?.ui?.x ?? 0) + 40, y: (gate?.ui?.y ?? 0) + 120 };
      return execute(d, { kind: "moveNodes", positions: { "risk-gate": at } }).doc;
    });
  return (
    <div style={{ display: "flex", flexDirection: "column", flex: 1 }} data-laid-out={laidOut}>
      <button type="button" onClick={nudge} style={{ alignSelf: "flex-start" }}>
        Move the decision
      </button>
      <Canvas graph={graph} selection={{ nodes: [], edges: [] }} />
    </div>
  );
}

const meta = {
  title: "Designer/RoutedEdge",
  component: LaidOut,
  subcomponents: { RoutedEdge },
  decorators: [onCanvas(520)],
  args: { doc: assessment },
  argTypes: { doc: { control: false } },
} satisfies Meta<typeof LaidOut>;

export default meta;
type Story = StoryObj<typeof meta>;

const paths = (root: HTMLElement, selector: string) => [...root.querySelectorAll<SVGPathElement>(selector)];
const edgeOf = (root: HTMLElement, id: string) =>
  root.querySelector<SVGPathElement>(`[data-id="${id}"] path.react-flow__edge-path`);

/** After auto layout every edge follows its route: orthogonal segments with rounded bends, labels on the line. */
export const AlongItsRoute: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-laid-out="true"]')).not.toBeNull(), {
      timeout: 10_000,
    });
    await waitFor(() => expect(paths(canvasElement, "path.routed-edge")).toHaveLength(assessment.edges.length));
    await waitFor(() => expect(paths(canvasElement, "path.routed-edge-stale")).toHaveLength(0));
    // Only horizontal and vertical lines, bending with a quadratic curve at each corner; some edges bend.
    for (const path of paths(canvasElement, "path.routed-edge")) {
      await expect(path.getAttribute("d")).toMatch(/^M [-\d.]+ [-\d.]+( (L [-\d.]+ [-\d.]+|Q [-\d. ]+))+$/);
    }
    await expect(paths(canvasElement, "path.routed-edge").some((p) => p.getAttribute("d")?.includes("Q"))).toBe(true);
    const labels = [...canvasElement.querySelectorAll(".react-flow__edge-text")].map((t) => t.textContent);
    await expect(labels).toEqual(expect.arrayContaining(["default", "approve", "reject"]));
  },
};

/** A node moved after the layout: its edges fall back to a plain step path; every other edge keeps its route. */
export const NodeMovedSinceLayout: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-laid-out="true"]')).not.toBeNull(), {
      timeout: 10_000,
    });
    await waitFor(() => expect(paths(canvasElement, "path.routed-edge-stale")).toHaveLength(0));
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Move the decision" }));
    const touching = assessment.edges.filter((e) => e.source === "risk-gate" || e.target === "risk-gate");
    await waitFor(() => expect(paths(canvasElement, "path.routed-edge-stale")).toHaveLength(touching.length));
    for (const edge of touching) await expect(edgeOf(canvasElement, edge.id)).toHaveClass("routed-edge-stale");
    const untouched = assessment.edges.find((e) => !touching.includes(e));
    await expect(edgeOf(canvasElement, untouched?.id ?? "")).not.toHaveClass("routed-edge-stale");
  },
};
