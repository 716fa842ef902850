import { Canvas } from "@mfo/designer/components/Canvas";
import { type CanvasNodeData, FlowNodeView, type RunState } from "@mfo/designer/components/FlowNodeView";
import { toGraph } from "@mfo/designer/core";
import type { FlowDefinition, FlowNode, ValidationError } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import type { Node } from "@xyflow/react";
import { useCallback, useMemo } from "react";
import { expect, waitFor, within } from "storybook/test";
import { nodeOf } from "../fixtures/canvas.js";
import { onCanvas } from "../fixtures/on-canvas.js";

type Run = NonNullable<CanvasNodeData["run"]>;

/** One node on the real canvas (the node component needs React Flow around it), as the editor or run view shows it. */
interface NodeStoryArgs {
  node: FlowNode;
  /** Validation messages on the node (its badge). */
  problems: string[];
  selected: boolean;
  /** The canvas is read-only (a published version, the run view): handles do not connect. */
  readOnly: boolean;
  /** The run view's state of the node. */
  run?: Run;
}

function NodeOnCanvas({ node, problems, selected, readOnly, run }: NodeStoryArgs) {
  const graph = useMemo(() => {
    const doc = { id: "node-story", name: "Node", nodes: [{ ...node, ui: { x: 0, y: 0 } }], edges: [] };
    const errors: ValidationError[] = problems.map((message) => ({
      path: "/nodes/0",
      nodeId: node.id,
      code: "story",
      message,
    }));
    return toGraph(doc as FlowDefinition, { errors });
  }, [node, problems]);
  const selection = useMemo(() => ({ nodes: selected ? [node.id] : [], edges: [] }), [node.id, selected]);
  const decorate = useCallback(
    (n: Node): Node => (run ? { ...n, data: { ...(n.data as CanvasNodeData), run } } : n),
    [run],
  );
  return <Canvas graph={graph} selection={selection} readOnly={readOnly} decorate={decorate} />;
}

const meta = {
  title: "Designer/FlowNodeView",
  // FlowNodeView takes React Flow's NodeProps, which only React Flow can give it: the stories render it on the real
  // canvas and expose the node, its problems, selection, read-only and run state as controls.
  component: NodeOnCanvas,
  subcomponents: { FlowNodeView },
  decorators: [onCanvas(240)],
  args: { node: nodeOf("intake"), problems: [], selected: false, readOnly: false },
  argTypes: {
    node: { control: "object", description: "the flow node (any type, any fields)" },
    problems: { control: "object", description: "validation messages on the node" },
    selected: { control: "boolean" },
    readOnly: { control: "boolean" },
    run: { control: "object", description: "run view state: { state, attempts?, error? }" },
  },
} satisfies Meta<NodeStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The node once React Flow has measured and shown it (it stays hidden until then). */
async function theNode(canvasElement: HTMLElement, id: string) {
  const node = await within(canvasElement).findByTestId(`node-${id}`);
  await waitFor(() => expect(node).toBeVisible());
  return node;
}
const handles = (element: HTMLElement) => ({
  target: element.querySelector(".react-flow__handle.target"),
  source: element.querySelector(".react-flow__handle.source"),
});

export const Start: Story = {
  args: { node: nodeOf("start") },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "start");
    await expect(node).toHaveTextContent("Start");
    // Nothing may lead back into the start: it has an outgoing handle only.
    await expect(handles(node).target).toBeNull();
    await expect(handles(node).source).not.toBeNull();
  },
};

export const Phase: Story = {
  args: { node: nodeOf("intake") },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "intake");
    await expect(node).toHaveTextContent("Intake");
    await expect(within(node).getByText("transform · manual · retry ×3")).toBeVisible();
  },
};

export const Decision: Story = { args: { node: nodeOf("gate") } };
export const Parallel: Story = { args: { node: nodeOf("fan") } };
export const Join: Story = { args: { node: nodeOf("merge") } };

export const Wait: Story = {
  args: { node: nodeOf("cool-off") },
  play: async ({ canvasElement }) => {
    await expect(within(await theNode(canvasElement, "cool-off")).getByText("60000 ms")).toBeVisible();
  },
};

export const WaitUntil: Story = {
  args: { node: { id: "until", type: "wait", label: "Until the window opens", until: "input.window" } },
  play: async ({ canvasElement }) => {
    await expect(within(await theNode(canvasElement, "until")).getByText("until …")).toBeVisible();
  },
};

export const Approval: Story = { args: { node: nodeOf("sign-off") } };

export const Subflow: Story = {
  args: { node: nodeOf("child") },
  play: async ({ canvasElement }) => {
    await expect(within(await theNode(canvasElement, "child")).getByText("→ discovery")).toBeVisible();
  },
};

export const End: Story = {
  args: { node: nodeOf("rejected") },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "rejected");
    await expect(within(node).getByText("failed")).toBeVisible();
    await expect(handles(node).source).toBeNull();
    await expect(handles(node).target).not.toBeNull();
  },
};

/** A type the registry does not know (a hand-written or newer flow): the node says so instead of throwing. */
export const UnknownType: Story = {
  args: { node: { id: "mystery", type: "teleport" } as unknown as FlowNode, problems: ["unknown node type"] },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "mystery");
    await expect(node).toHaveTextContent('Unknown type "teleport"');
    await expect(node).toHaveClass("flow-node-unknown");
  },
};

export const WithProblems: Story = {
  args: {
    node: { id: "review", type: "phase", label: "Review", handler: "" },
    problems: ['phase node "review" has no outgoing edge', "handler is required"],
  },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "review");
    await expect(node).toHaveClass("has-errors");
    const badge = node.querySelector(".flow-node-badge");
    await expect(badge).toHaveTextContent("2 problems");
    await expect(badge).toHaveAttribute("title", expect.stringContaining("handler is required"));
  },
};

export const OneProblem: Story = {
  args: { node: nodeOf("merge"), problems: ['join "merge" has no matching parallel'] },
  play: async ({ canvasElement }) => {
    const badge = (await theNode(canvasElement, "merge")).querySelector(".flow-node-badge");
    await expect(badge).toHaveTextContent("1 problem");
  },
};

export const Selected: Story = {
  args: { node: nodeOf("intake"), selected: true },
  play: async ({ canvasElement }) => {
    await expect(await theNode(canvasElement, "intake")).toHaveClass("selected");
  },
};

export const ReadOnly: Story = {
  args: { node: nodeOf("intake"), readOnly: true },
  play: async ({ canvasElement }) => {
    const { source, target } = handles(await theNode(canvasElement, "intake"));
    // React Flow marks a handle "connectable" only when connections may start or end there.
    await expect(source).not.toHaveClass("connectable");
    await expect(target).not.toHaveClass("connectable");
  },
};

export const Editable: Story = {
  args: { node: nodeOf("intake"), readOnly: false },
  play: async ({ canvasElement }) => {
    const { source, target } = handles(await theNode(canvasElement, "intake"));
    await expect(source).toHaveClass("connectable");
    await expect(target).toHaveClass("connectable");
  },
};

export const LongLabel: Story = {
  args: {
    node: {
      id: "reconcile-inventory-with-the-configuration-management-database",
      type: "phase",
      label: "Reconcile the application inventory with the configuration management database before the wave plan",
      handler: "transform",
      params: { expression: "{}" },
    },
    problems: ["a long message: ".repeat(12)],
  },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "reconcile-inventory-with-the-configuration-management-database");
    // No wider than auto layout's room for a node (180 px, plus the gap): the label wraps, clamped, whole in its title.
    await expect(node.getBoundingClientRect().width).toBeLessThanOrEqual(220);
    const label = node.querySelector(".flow-node-label");
    await expect(label).toHaveAttribute("title", expect.stringMatching(/before the wave plan$/));
  },
};

/** The run view's overlay: the node coloured by its state, with attempts and the last error. */
const runStory = (state: RunState, extra: Partial<Run> = {}): Story => ({
  args: { node: nodeOf("intake"), readOnly: true, run: { state, ...extra } },
  play: async ({ canvasElement }) => {
    const node = await theNode(canvasElement, "intake");
    await expect(node).toHaveClass(`run-${state}`);
    await expect(node.querySelector("[data-run-state]")).toHaveAttribute("data-run-state", state);
    if (extra.attempts && extra.attempts > 1) await expect(node).toHaveTextContent(`${extra.attempts} attempts`);
    if (extra.error) await expect(within(node).getByText(extra.error)).toBeVisible();
  },
});

export const RunPending = runStory("pending");
export const RunRunning = runStory("running");
/** A retry in progress: running again after failed attempts, with the last attempt's error. */
export const RunRetrying = runStory("running", { attempts: 2, error: "connection reset by the inventory service" });
export const RunWaiting = runStory("waiting");
/** The node a paused instance stopped at: nothing moves there until an operator resumes it. */
export const RunPaused = runStory("paused");
export const RunCompleted = runStory("completed", { attempts: 1 });
/** Completed on a later attempt: the attempts stay on the node. */
export const RunCompletedAfterRetry = runStory("completed", { attempts: 2 });
export const RunFailed = runStory("failed", {
  attempts: 3,
  error: "the inventory service answered 503 Service Unavailable three times; giving up after the last retry",
});
export const RunSkipped = runStory("skipped");
