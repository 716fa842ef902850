import { RunFromEditor } from "@mfo/designer/components/RunDialog";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { editorHandlers } from "../fixtures/canvas.js";
import { assessment } from "../fixtures/examples.js";
import { instanceCreation } from "../fixtures/runtime.js";

/** The assessment's draft with one phase renamed: it differs from the published version. */
const renamed: FlowDefinition = {
  ...assessment,
  nodes: assessment.nodes.map((n, i) => (i === 1 ? { ...n, label: "Renamed in the draft" } : n)),
};
const creation = instanceCreation([assessment]);
const sample = { application: "billing", loc: 250_000, integrations: 15 };

const meta = {
  title: "Designer/RunFromEditor",
  component: RunFromEditor,
  args: {
    api: storyApi(),
    doc: renamed,
    version: 1,
    editable: true,
    blocked: undefined,
    publish: fn(async () => 2),
    onStarted: fn(),
    onClose: fn(),
  },
  argTypes: { api: { control: false } },
  parameters: { msw: { handlers: [...editorHandlers(assessment, { versions: 2 }), creation.handler] } },
  beforeEach: () => {
    creation.requests.length = 0;
  },
} satisfies Meta<typeof RunFromEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const fill = async (root: HTMLElement) => {
  const dialog = within(root);
  await userEvent.type(await dialog.findByLabelText(/Application/), sample.application);
  await userEvent.type(dialog.getByLabelText(/Loc/), String(sample.loc));
  await userEvent.type(dialog.getByLabelText(/Integrations/), String(sample.integrations));
};

/** "Run v1" starts version 1 by its number, whatever the draft says. */
export const RunsTheVersionItNames: Story = {
  play: async ({ canvasElement, args }) => {
    await fill(canvasElement);
    await expect(within(canvasElement).getByRole("note")).toHaveTextContent(/The draft differs from v1/);
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Run v1" }));
    await waitFor(() => expect(args.onStarted).toHaveBeenCalledOnce());
    await expect(creation.requests).toEqual([{ flowType: assessment.id, version: 1, input: sample }]);
    await expect(args.publish).not.toHaveBeenCalled();
  },
};

/** "Publish and run" publishes the draft, then starts the version it became. */
export const PublishesThenRuns: Story = {
  play: async ({ canvasElement, args }) => {
    await fill(canvasElement);
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Publish and run" }));
    await waitFor(() => expect(args.onStarted).toHaveBeenCalledOnce());
    await expect(args.publish).toHaveBeenCalledOnce();
    await expect(creation.requests).toEqual([{ flowType: assessment.id, version: 2, input: sample }]);
  },
};

/** A draft that differs only in layout runs as published: nothing to offer. */
export const OnlyMoved: Story = {
  args: { doc: { ...assessment, nodes: assessment.nodes.map((n) => ({ ...n, ui: { x: 5, y: 5 } })) } },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await expect(await dialog.findByText("Runs published v1")).toBeVisible();
    await expect(dialog.queryByRole("button", { name: "Publish and run" })).toBeNull();
  },
};

/** A version shown read-only runs as it is: no publishing from there. */
export const ReadOnlyVersion: Story = {
  args: { doc: assessment, version: 2, editable: false },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await expect(await dialog.findByRole("button", { name: "Run v2" })).toBeVisible();
    await expect(dialog.queryByRole("button", { name: "Publish and run" })).toBeNull();
  },
};
