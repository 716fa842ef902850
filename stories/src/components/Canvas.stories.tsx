import { Canvas } from "@mfo/designer/components/Canvas";
import type { CanvasNodeData, RunState } from "@mfo/designer/components/FlowNodeView";
import { DRAG_TYPE } from "@mfo/designer/components/Palette";
import type { Graph } from "@mfo/designer/core";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import type { Node } from "@xyflow/react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { everyType, graphOf, placed, unconnected } from "../fixtures/canvas.js";
import { assessment, discovery, generated } from "../fixtures/examples.js";
import { connectHandles, onCanvas } from "../fixtures/on-canvas.js";

const nothing: Graph = { nodes: [], edges: [] };

const meta = {
  title: "Designer/Canvas",
  component: Canvas,
  decorators: [onCanvas(560)],
  args: {
    graph: nothing,
    selection: { nodes: [], edges: [] },
    readOnly: false,
    onCommand: fn(),
    onDragEnd: fn(),
    onSelectionChange: fn(),
  },
  argTypes: { graph: { control: false }, decorate: { control: false } },
} satisfies Meta<typeof Canvas>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A story whose graph is `doc` laid out as the editor lays it out (ELK runs in a loader, before the render). */
const laidOut = (doc: FlowDefinition): Pick<Story, "loaders" | "render"> => ({
  loaders: [async () => ({ graph: graphOf(await placed(doc)) })],
  render: (args, { loaded }) => <Canvas {...args} graph={loaded.graph as Graph} />,
});

const nodes = (root: HTMLElement) => root.querySelectorAll(".react-flow__node");
/** A node once React Flow has measured and shown it. */
async function shown(root: HTMLElement, id: string) {
  const node = await within(root).findByTestId(`node-${id}`);
  await waitFor(() => expect(node).toBeVisible());
  return node;
}
const handle = (node: HTMLElement, kind: "source" | "target") =>
  node.querySelector(`.react-flow__handle.${kind}`) as HTMLElement;
const edgeLabels = (root: HTMLElement) =>
  [...root.querySelectorAll(".react-flow__edge-text")].map((t) => t.textContent);

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("application", { name: /Flow canvas/ })).toBeVisible();
    await expect(nodes(canvasElement)).toHaveLength(0);
  },
};

/** The assessment example: decision branches, an approval's approve/reject edges, two ends. */
export const Typical: Story = {
  ...laidOut(assessment),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "risk-gate");
    await expect(nodes(canvasElement)).toHaveLength(assessment.nodes.length);
    await expect(canvasElement.querySelectorAll(".react-flow__edge")).toHaveLength(assessment.edges.length);
    await expect(edgeLabels(canvasElement)).toEqual(
      expect.arrayContaining(["phases.risk.output.level = 'high'", "default", "approve", "reject"]),
    );
    await expect(canvasElement.querySelector(".flow-node-badge")).toBeNull();
  },
};

export const Discovery: Story = {
  ...laidOut(discovery),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "tech-debt");
    await expect(nodes(canvasElement)).toHaveLength(discovery.nodes.length);
  },
};

/** Every node type, and a decision's edges labelled with their conditions and the default edge. */
export const ConditionEdges: Story = {
  args: { graph: graphOf(everyType) },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "gate");
    await expect(edgeLabels(canvasElement)).toEqual(
      expect.arrayContaining([
        "phases.intake.output.size > 100",
        "phases.intake.output.size = 0",
        "default",
        "approve",
        "reject",
      ]),
    );
    await expect(canvasElement.querySelector(".edge-has-errors")).toBeNull();
  },
};

/** A decision edge whose condition is empty: labelled so, and drawn in the error colour. */
export const EdgeWithProblem: Story = {
  args: {
    graph: graphOf({
      ...everyType,
      edges: everyType.edges.map((e) => (e.id === "e-none" ? { ...e, condition: "" } : e)),
    }),
  },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "gate");
    await expect(edgeLabels(canvasElement)).toContain("(condition?)");
    const edge = canvasElement.querySelector('[data-id="e-none"]');
    await expect(edge).toHaveClass("edge-has-errors");
  },
};

/** Validation badges: `review` has no outgoing edge, so `done` cannot be reached. */
export const WithProblems: Story = {
  args: { graph: graphOf(unconnected) },
  play: async ({ canvasElement }) => {
    const review = await shown(canvasElement, "review");
    await expect(review).toHaveClass("has-errors");
    await expect(review.querySelector(".flow-node-badge")).toHaveTextContent("1 problem");
    await expect((await shown(canvasElement, "done")).querySelector(".flow-node-badge")).not.toBeNull();
    await expect((await shown(canvasElement, "start")).querySelector(".flow-node-badge")).toBeNull();
  },
};

export const Selected: Story = {
  ...laidOut(assessment),
  args: { selection: { nodes: ["risk-gate"], edges: ["e5"] } },
  play: async ({ canvasElement }) => {
    await expect(await shown(canvasElement, "risk-gate")).toHaveClass("selected");
    await expect(canvasElement.querySelector('[data-id="e5"]')).toHaveClass("selected");
    await expect(canvasElement.querySelectorAll(".flow-node.selected")).toHaveLength(1);
  },
};

/**
 * The editor owns the selection: a click on a node asks for it (node and edge toggles, applied by the editor) and
 * the node shows selected only once the `selection` prop says so, so the canvas never holds a second copy.
 */
export const ClickAsksToSelect: Story = {
  args: { graph: graphOf(unconnected), selection: { nodes: ["done"], edges: [] } },
  play: async ({ canvasElement, args }) => {
    const review = await shown(canvasElement, "review");
    await userEvent.click(review);
    await waitFor(() =>
      expect(args.onSelectionChange).toHaveBeenCalledWith({
        nodes: [
          { id: "review", selected: true },
          { id: "done", selected: false },
        ],
      }),
    );
    await expect(review).not.toHaveClass("selected");
    await expect(await shown(canvasElement, "done")).toHaveClass("selected");
  },
};

/** Without onSelectionChange (the run view) the canvas keeps its own selection: a click selects the node. */
export const OwnSelection: Story = {
  args: { graph: graphOf(unconnected), readOnly: true },
  render: ({ onSelectionChange: _, ...args }) => <Canvas {...args} />,
  play: async ({ canvasElement }) => {
    const review = await shown(canvasElement, "review");
    await userEvent.click(review);
    await waitFor(() => expect(review).toHaveClass("selected"));
    await userEvent.click(await shown(canvasElement, "done"));
    await waitFor(() => expect(review).not.toHaveClass("selected"));
  },
};

/** Connecting a handle to another node's handle asks for a `connect` command (the editor then revalidates). */
export const ConnectsHandles: Story = {
  args: { graph: graphOf(unconnected) },
  play: async ({ canvasElement, args }) => {
    const review = await shown(canvasElement, "review");
    const done = await shown(canvasElement, "done");
    await connectHandles(handle(review, "source"), handle(done, "target"));
    await waitFor(() =>
      expect(args.onCommand).toHaveBeenCalledWith({ kind: "connect", source: "review", target: "done" }),
    );
  },
};

/** A drop of a palette item asks for an `addNode` of its type at the drop point; other drops are ignored. */
export const DropAddsNode: Story = {
  args: { graph: graphOf(unconnected) },
  play: async ({ canvasElement, args }) => {
    await shown(canvasElement, "review");
    const canvas = within(canvasElement).getByRole("application", { name: /Flow canvas/ });
    const box = canvas.getBoundingClientRect();
    const drop = (dataTransfer: DataTransfer) =>
      canvas.querySelector(".react-flow__pane")?.dispatchEvent(
        new DragEvent("drop", {
          bubbles: true,
          cancelable: true,
          dataTransfer,
          clientX: box.left + 200,
          clientY: box.top + 400,
        }),
      );
    const files = new DataTransfer();
    files.setData("text/plain", "not a node type");
    drop(files);
    await expect(args.onCommand).not.toHaveBeenCalled();

    const item = new DataTransfer();
    item.setData(DRAG_TYPE, "wait");
    drop(item);
    await expect(args.onCommand).toHaveBeenCalledWith({
      kind: "addNode",
      nodeType: "wait",
      position: { x: expect.any(Number), y: expect.any(Number) },
    });
    // Dropped below the flow's row of nodes (all at y = 0): the new node lands below it too.
    const [command] = (args.onCommand as ReturnType<typeof fn>).mock.calls[0] as [{ position: { y: number } }];
    await expect(command.position.y).toBeGreaterThan(0);
  },
};

/** Delete removes the selected node; its edges go with it (one batch, one undo step). */
export const DeletesSelection: Story = {
  args: { graph: graphOf(unconnected), selection: { nodes: ["review"], edges: [] } },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(await shown(canvasElement, "review"));
    await userEvent.keyboard("{Delete}");
    await waitFor(() =>
      expect(args.onCommand).toHaveBeenCalledWith({
        kind: "batch",
        commands: [{ kind: "removeNodes", ids: ["review"] }],
      }),
    );
  },
};

/** A published version: nothing connects, drops, moves or deletes. */
export const ReadOnly: Story = {
  args: { graph: graphOf(unconnected), readOnly: true },
  play: async ({ canvasElement, args }) => {
    const review = await shown(canvasElement, "review");
    await connectHandles(handle(review, "source"), handle(await shown(canvasElement, "done"), "target"));
    const item = new DataTransfer();
    item.setData(DRAG_TYPE, "phase");
    canvasElement
      .querySelector(".react-flow__pane")
      ?.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: item }));
    await userEvent.click(review);
    await userEvent.keyboard("{Delete}");
    await expect(args.onCommand).not.toHaveBeenCalled();
  },
};

/** 1,000 generated nodes (valid, seeded): the canvas fits them all in view. */
export const ThousandNodes: Story = {
  args: { graph: graphOf(generated(1000)) },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(nodes(canvasElement).length).toBeGreaterThanOrEqual(1000), { timeout: 10_000 });
    await expect(canvasElement.querySelector(".flow-node-badge")).toBeNull();
  },
};

/** The run view's overlay, every node state at once, on the read-only canvas. */
const runStates: Record<string, { state: RunState; attempts?: number; error?: string }> = {
  start: { state: "completed" },
  readiness: { state: "completed", attempts: 1 },
  complexity: { state: "completed", attempts: 2 },
  risk: { state: "failed", attempts: 3, error: "expression failed: phases.complexity.output is undefined" },
  "risk-gate": { state: "running" },
  "sign-off": { state: "waiting" },
  recommendations: { state: "pending" },
  done: { state: "pending" },
  rejected: { state: "skipped" },
};
const decorate = (node: Node): Node => {
  const run = runStates[node.id];
  return run ? { ...node, data: { ...(node.data as CanvasNodeData), run } } : node;
};

export const RunOverlay: Story = {
  ...laidOut(assessment),
  args: { readOnly: true, decorate },
  play: async ({ canvasElement }) => {
    for (const [id, run] of Object.entries(runStates)) {
      const node = await shown(canvasElement, id);
      await expect(node).toHaveClass(`run-${run.state}`);
    }
    await expect(within(await shown(canvasElement, "risk")).getByText(/3 attempts/)).toBeVisible();
  },
};
