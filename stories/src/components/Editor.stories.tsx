import { EditorPage } from "@mfo/designer/components/Editor";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { problem, storyApi } from "../fixtures/api.js";
import { editorHandlers, longNames, never, unconnected } from "../fixtures/canvas.js";
import { assessment, catalogue } from "../fixtures/examples.js";
import { connectHandles, dropOn } from "../fixtures/on-canvas.js";
import { cmdbHook, nightly, triggersFake } from "../fixtures/triggers.js";

const meta = {
  title: "Designer/EditorPage",
  component: EditorPage,
  args: { api: storyApi(), flowType: assessment.id },
  argTypes: { api: { control: false } },
  decorators: [
    // The page fills what the shell leaves it below the top bar.
    (Story) => (
      <div style={{ display: "flex", flexDirection: "column", height: "100vh" }}>
        <Story />
      </div>
    ),
  ],
  parameters: { msw: { handlers: editorHandlers(assessment, { versions: 3 }) } },
} satisfies Meta<typeof EditorPage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A node once the canvas has measured and shown it. */
async function shown(root: HTMLElement, id: string) {
  const node = await within(root).findByTestId(`node-${id}`, {}, { timeout: 5000 });
  await waitFor(() => expect(node).toBeVisible());
  return node;
}
const nodeCount = (root: HTMLElement) => root.querySelectorAll(".react-flow__node").length;
const badge = (node: HTMLElement) => node.querySelector(".flow-node-badge");
const button = (root: HTMLElement, name: string) => within(root).getByRole("button", { name });
const handle = (node: HTMLElement, kind: "source" | "target") =>
  node.querySelector(`.react-flow__handle.${kind}`) as HTMLElement;
/** Where React Flow draws a node (its transform), which is the node's position on screen. */
const placeOf = (root: HTMLElement, id: string) =>
  (root.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null)?.style.transform;

/** Drops a palette item on the canvas, (x, y) from the canvas's top left corner. */
function dropType(root: HTMLElement, title: string, x: number, y: number) {
  const canvas = within(root).getByRole("application", { name: /Flow canvas/ });
  dropOn(button(root, title), canvas, { x, y });
}

/** What each draft PUT carried, for the story's play function. */
function recordingDrafts(doc: FlowDefinition) {
  const saved: FlowDefinition[] = [];
  const handlers = [
    http.put(`/api/v1/flow-types/${doc.id}/draft`, async ({ request }) => {
      const definition = (await request.json()) as FlowDefinition;
      saved.push(definition);
      return HttpResponse.json({
        definition,
        updatedAt: new Date().toISOString(),
        validation: { valid: true, errors: [] },
      });
    }),
    ...editorHandlers(doc),
  ];
  return { saved, handlers };
}

/** The assessment's latest version opened for editing: laid out, valid, publishable, three versions to pick. */
export const Typical: Story = {
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "sign-off");
    await expect(nodeCount(canvasElement)).toBe(assessment.nodes.length);
    const toolbar = within(within(canvasElement).getByRole("toolbar", { name: "Editor" }));
    await expect(toolbar.getByText("Assessment")).toBeVisible();
    await expect(toolbar.getByText("Saved")).toBeVisible();
    await expect(button(canvasElement, "Publish")).toBeEnabled();
    await expect(button(canvasElement, "Run")).toBeEnabled();
    await waitFor(() =>
      expect((within(canvasElement).getByLabelText("Version") as HTMLSelectElement).options).toHaveLength(4),
    );
  },
};

/** A new flow: a start joined to an end, nothing published. */
export const NewFlow: Story = {
  args: { flowType: undefined },
  parameters: {
    msw: {
      handlers: [
        http.get("/api/v1/catalogue", () => HttpResponse.json(catalogue)),
        http.get("/api/v1/flow-types", () => HttpResponse.json({ items: [] })),
        http.get("/api/v1/secrets", () => HttpResponse.json({ items: [] })),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "start");
    await expect(within(canvasElement).getByText("New flow")).toBeVisible();
    await expect(within(canvasElement).queryByLabelText("Version")).toBeNull();
    // Its run dialog offers "Publish and run" (RunDialog NeverPublished story).
    await expect(button(canvasElement, "Run")).toBeEnabled();
  },
};

/** A copy of a published flow as a template: a new id and name, the same nodes. */
export const FromTemplate: Story = {
  args: { flowType: undefined, from: assessment.id },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "risk-gate");
    await expect(within(canvasElement).getByText("Assessment (copy)")).toBeVisible();
  },
};

export const Loading: Story = {
  parameters: { msw: { handlers: [never(`/flow-types/${assessment.id}`), never("/catalogue")] } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Loading…")).toHaveAttribute("aria-busy", "true");
  },
};

export const LoadError: Story = {
  args: { flowType: "no-such-flow" },
  parameters: {
    msw: {
      handlers: [
        http.get("/api/v1/flow-types/no-such-flow", () => problem(404, 'flow type "no-such-flow" does not exist')),
        http.get("/api/v1/catalogue", () => HttpResponse.json(catalogue)),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("alert")).toHaveTextContent(
      'flow type "no-such-flow" does not exist',
    );
  },
};

/** A draft with problems: badged nodes, the problems listed, publishing disabled. */
export const WithProblems: Story = {
  args: { flowType: unconnected.id },
  parameters: { msw: { handlers: editorHandlers(unconnected) } },
  play: async ({ canvasElement }) => {
    await expect(badge(await shown(canvasElement, "review"))).not.toBeNull();
    await expect(badge(await shown(canvasElement, "done"))).not.toBeNull();
    await expect(button(canvasElement, "Publish")).toBeDisabled();
    await expect(within(canvasElement).getByText(/has no outgoing edge/)).toBeVisible();
  },
};

export const LongNames: Story = {
  args: { flowType: longNames.id },
  parameters: { msw: { handlers: editorHandlers(longNames, { versions: 2 }) } },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "reconcile-inventory-with-cmdb");
    await expect(button(canvasElement, "Run").getBoundingClientRect().right).toBeLessThanOrEqual(window.innerWidth);
  },
};

/** A published version: read-only everywhere (toolbar, palette, canvas). */
export const PublishedVersion: Story = {
  args: { version: 2 },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "risk");
    await expect(within(canvasElement).getByText("v2 (read-only)")).toBeVisible();
    await expect(button(canvasElement, "Phase")).toBeDisabled();
    await expect(button(canvasElement, "Publish")).toBeDisabled();
  },
};

const drafts = recordingDrafts(unconnected);

/** Dragging a node type from the palette onto the canvas adds that node where it was dropped; the draft autosaves. */
export const DragFromPalette: Story = {
  args: { flowType: unconnected.id },
  parameters: { msw: { handlers: drafts.handlers } },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "review");
    drafts.saved.length = 0;
    dropType(canvasElement, "Phase", 300, 420);
    const added = await shown(canvasElement, "phase-1");
    await expect(nodeCount(canvasElement)).toBe(4);
    await expect(added).toHaveTextContent("Phase");
    // It lands below the flow's row, where it was dropped.
    const review = (await shown(canvasElement, "review")).getBoundingClientRect();
    await expect(added.getBoundingClientRect().top).toBeGreaterThan(review.bottom);
    await expect(await within(canvasElement).findByText("Unsaved changes")).toBeVisible();
    await expect(await within(canvasElement).findByText("Saved", {}, { timeout: 3000 })).toBeVisible();
    await expect(drafts.saved.at(-1)?.nodes.map((n) => n.id)).toEqual(["start", "review", "done", "phase-1"]);
  },
};

/** Connecting the unconnected phase to the end (handle to handle) clears both validation badges. */
export const ConnectClearsBadge: Story = {
  args: { flowType: unconnected.id },
  parameters: { msw: { handlers: editorHandlers(unconnected) } },
  play: async ({ canvasElement }) => {
    const review = await shown(canvasElement, "review");
    const done = await shown(canvasElement, "done");
    await expect(badge(review)).not.toBeNull();
    await expect(button(canvasElement, "Publish")).toBeDisabled();
    await connectHandles(handle(review, "source"), handle(done, "target"));
    await waitFor(() => expect(canvasElement.querySelectorAll(".react-flow__edge")).toHaveLength(2));
    await waitFor(() => expect(badge(review)).toBeNull());
    await expect(badge(done)).toBeNull();
    await expect(button(canvasElement, "Publish")).toBeEnabled();
  },
};

/** Undo/redo from the toolbar and the keyboard restore the node count and the node positions. */
export const UndoRedo: Story = {
  args: { flowType: unconnected.id },
  parameters: { msw: { handlers: editorHandlers(unconnected) } },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "review");
    const undo = button(canvasElement, "Undo");
    const redo = button(canvasElement, "Redo");
    await expect(undo).toBeDisabled();

    dropType(canvasElement, "Wait", 300, 420);
    await shown(canvasElement, "wait-1");
    await expect(nodeCount(canvasElement)).toBe(4);
    await userEvent.click(undo);
    await waitFor(() => expect(nodeCount(canvasElement)).toBe(3));
    await userEvent.click(redo);
    await waitFor(() => expect(nodeCount(canvasElement)).toBe(4));
    await userEvent.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(nodeCount(canvasElement)).toBe(3));
    await userEvent.keyboard("{Control>}{Shift>}z{/Shift}{/Control}");
    await waitFor(() => expect(nodeCount(canvasElement)).toBe(4));

    // Auto layout moves every node in one step; undo puts them back where they were, redo lays them out again.
    const before = placeOf(canvasElement, "done");
    await userEvent.click(button(canvasElement, "Auto layout"));
    await waitFor(() => expect(placeOf(canvasElement, "done")).not.toBe(before));
    const laidOut = placeOf(canvasElement, "done");
    await userEvent.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(placeOf(canvasElement, "done")).toBe(before));
    await expect(nodeCount(canvasElement)).toBe(4);
    await userEvent.click(redo);
    await waitFor(() => expect(placeOf(canvasElement, "done")).toBe(laidOut));
  },
};

/** Publishing a valid draft: the server's new version is announced. */
export const Publishes: Story = {
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "risk");
    await userEvent.click(button(canvasElement, "Publish"));
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Published assessment v4");
  },
};

/** The server refuses to publish (a check only it makes): its errors land as badges on the nodes they name. */
export const PublishRejected: Story = {
  parameters: {
    msw: {
      handlers: [
        http.post("/api/v1/flow-types", () =>
          problem(422, "the flow definition is not valid", [
            {
              path: "/nodes/3/params/expression",
              nodeId: "risk",
              code: "invalid-expression",
              message: "the runtime's expression engine refuses this expression",
            },
          ]),
        ),
        ...editorHandlers(assessment, { versions: 3 }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const risk = await shown(canvasElement, "risk");
    await expect(badge(risk)).toBeNull();
    await userEvent.click(button(canvasElement, "Publish"));
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent(
      "the flow definition is not valid",
    );
    await waitFor(() => expect(badge(risk)).not.toBeNull());
    await expect(button(canvasElement, "Publish")).toBeDisabled();
  },
};

/** The draft cannot be saved: the toolbar says so. */
export const SaveFails: Story = {
  args: { flowType: unconnected.id },
  parameters: {
    msw: {
      handlers: [
        http.put(`/api/v1/flow-types/${unconnected.id}/draft`, () => problem(503, "the database is unreachable")),
        ...editorHandlers(unconnected),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "review");
    dropType(canvasElement, "Join", 300, 420);
    await expect(await within(canvasElement).findByText("Not saved", {}, { timeout: 3000 })).toBeVisible();
  },
};

/**
 * Renaming the selected node from the inspector's Id field: the canvas, the inspector and the selection follow the
 * new id in one update, so the node panel stays and the field keeps the focus. Ctrl+A then selects everything.
 */
export const RenamesTheSelectedNode: Story = {
  args: { flowType: unconnected.id },
  parameters: { msw: { handlers: editorHandlers(unconnected) } },
  play: async ({ canvasElement }) => {
    await userEvent.click(await shown(canvasElement, "review"));
    const id = await within(canvasElement).findByRole("textbox", { name: "Id" });
    await expect(id).toHaveValue("review");
    await userEvent.type(id, "-2{Enter}");
    await shown(canvasElement, "review-2");
    await expect(within(canvasElement).getByRole("region", { name: "Node review-2" })).toBeVisible();
    await expect(within(canvasElement).getByRole("textbox", { name: "Id" })).toHaveFocus();
    await expect(canvasElement.querySelector('.react-flow__node[data-id="review-2"]')).toHaveClass("selected");

    await userEvent.click(canvasElement.querySelector(".react-flow__pane") as HTMLElement);
    await userEvent.keyboard("{Control>}a{/Control}");
    await waitFor(() => expect(canvasElement.querySelectorAll(".react-flow__node.selected")).toHaveLength(3));
    await expect(within(canvasElement).getByText(/3 nodes and 1 edge selected/)).toBeVisible();
  },
};

/** The Triggers panel takes the inspector's place: the published flow's schedules and webhooks. */
export const OpensTriggers: Story = {
  parameters: {
    msw: {
      handlers: [
        ...triggersFake({ schedules: [nightly], hooks: [cmdbHook], secrets: [] }).handlers,
        ...editorHandlers(assessment, { versions: 3 }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await shown(canvasElement, "risk");
    const toggle = button(canvasElement, "Triggers");
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    const panel = within(canvasElement).getByRole("complementary", { name: "Triggers" });
    await expect(await within(panel).findByRole("listitem", { name: "Schedule Nightly review" })).toBeVisible();
    await expect(within(canvasElement).queryByRole("complementary", { name: "Inspector" })).toBeNull();
    await userEvent.click(toggle);
    await expect(within(canvasElement).getByRole("complementary", { name: "Inspector" })).toBeVisible();
  },
};
