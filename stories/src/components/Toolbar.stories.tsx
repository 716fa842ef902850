import { EditorToolbar } from "@mfo/designer/components/Editor";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { getJson, storyApi } from "../fixtures/api.js";
import { detailOf, longNames } from "../fixtures/canvas.js";
import { assessment } from "../fixtures/examples.js";

const meta = {
  title: "Designer/EditorToolbar",
  component: EditorToolbar,
  args: {
    api: storyApi(),
    title: assessment.name,
    flowType: assessment.id,
    latest: 3,
    readOnly: false,
    save: "saved",
    canUndo: true,
    canRedo: false,
    canPublish: true,
    json: false,
    onUndo: fn(),
    onRedo: fn(),
    onLayout: fn(),
    onFit: fn(),
    onToggleJson: fn(),
    onPublish: fn(),
    onRun: fn(),
  },
  argTypes: {
    api: { control: false },
    save: { control: "inline-radio", options: ["saved", "unsaved", "saving", "error"] },
  },
  parameters: { msw: { handlers: [getJson(`/flow-types/${assessment.id}`, detailOf(assessment, { versions: 3 }))] } },
} satisfies Meta<typeof EditorToolbar>;

export default meta;
type Story = StoryObj<typeof meta>;

const toolbar = (root: HTMLElement) => within(within(root).getByRole("toolbar", { name: "Editor" }));

/** A draft of a published flow: every action is there, each button does its one thing. */
export const Typical: Story = {
  play: async ({ canvasElement, args }) => {
    const bar = toolbar(canvasElement);
    await expect(bar.getByText("Assessment")).toBeVisible();
    await expect(bar.getByText("Saved")).toBeVisible();
    const press = async (name: string, handler: unknown) => {
      await userEvent.click(bar.getByRole("button", { name }));
      await expect(handler).toHaveBeenCalledTimes(1);
    };
    await press("Undo", args.onUndo);
    await press("Auto layout", args.onLayout);
    await press("Fit", args.onFit);
    await press("JSON", args.onToggleJson);
    await press("Publish", args.onPublish);
    await press("Run", args.onRun);
    // Nothing to redo.
    await expect(bar.getByRole("button", { name: "Redo" })).toBeDisabled();
    await expect(args.onRedo).not.toHaveBeenCalled();
    // The version picker lists the published versions.
    await expect(await bar.findByRole("option", { name: /^v3/ })).toBeInTheDocument();
  },
};

export const Unsaved: Story = {
  args: { save: "unsaved", canRedo: true },
  play: async ({ canvasElement }) => {
    await expect(toolbar(canvasElement).getByText("Unsaved changes")).toBeVisible();
    await expect(toolbar(canvasElement).getByRole("button", { name: "Redo" })).toBeEnabled();
  },
};

export const Saving: Story = {
  args: { save: "saving" },
  play: async ({ canvasElement }) => {
    await expect(toolbar(canvasElement).getByText("Saving…")).toBeVisible();
  },
};

export const SaveFailed: Story = {
  args: { save: "error" },
  play: async ({ canvasElement }) => {
    await expect(toolbar(canvasElement).getByText("Not saved")).toHaveClass("save-error");
  },
};

/** Problems in the draft: publishing waits until they are fixed, and says so. */
export const WithProblems: Story = {
  args: { canPublish: false },
  play: async ({ canvasElement, args }) => {
    const publish = toolbar(canvasElement).getByRole("button", { name: "Publish" });
    await expect(publish).toBeDisabled();
    await expect(publish).toHaveAttribute("title", "fix the problems first");
    await userEvent.click(publish, { pointerEventsCheck: 0 });
    await expect(args.onPublish).not.toHaveBeenCalled();
  },
};

/** A flow never published (no flow type yet): no versions to pick; Run opens a dialog offering "Publish and run". */
export const NewFlow: Story = {
  args: { title: "New flow", flowType: undefined, latest: null, canUndo: false },
  play: async ({ canvasElement, args }) => {
    const bar = toolbar(canvasElement);
    await expect(bar.queryByLabelText("Version")).toBeNull();
    await userEvent.click(bar.getByRole("button", { name: "Run" }));
    await expect(args.onRun).toHaveBeenCalledOnce();
    await expect(bar.getByRole("button", { name: "Undo" })).toBeDisabled();
  },
};

/** A published version, read-only: it can be viewed, fitted and run, not edited. */
export const ReadOnly: Story = {
  args: { readOnly: true, latest: 2, canRedo: true, canPublish: false },
  play: async ({ canvasElement }) => {
    const bar = toolbar(canvasElement);
    await expect(bar.getByText("v2 (read-only)")).toBeVisible();
    for (const name of ["Undo", "Redo", "Auto layout", "Publish"])
      await expect(bar.getByRole("button", { name })).toBeDisabled();
    for (const name of ["Fit", "JSON", "Run"]) await expect(bar.getByRole("button", { name })).toBeEnabled();
    await expect(await bar.findByRole("option", { name: /^v2/, selected: true })).toBeInTheDocument();
  },
};

export const JsonOpen: Story = {
  args: { json: true },
  play: async ({ canvasElement }) => {
    await expect(toolbar(canvasElement).getByRole("button", { name: "JSON" })).toHaveAttribute("aria-pressed", "true");
  },
};

/** A name longer than the toolbar: the buttons wrap onto the next line rather than leave the screen. */
export const LongName: Story = {
  args: { title: longNames.name, flowType: longNames.id },
  parameters: { msw: { handlers: [getJson(`/flow-types/${longNames.id}`, detailOf(longNames, { versions: 12 }))] } },
  play: async ({ canvasElement }) => {
    const run = toolbar(canvasElement).getByRole("button", { name: "Run" });
    await expect(run.getBoundingClientRect().right).toBeLessThanOrEqual(window.innerWidth);
  },
};
