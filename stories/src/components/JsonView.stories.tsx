import { JsonView } from "@mfo/designer/components/JsonView";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { assessment, discovery, generated } from "../fixtures/examples.js";
import { LiveJsonView } from "../fixtures/live.js";

type Spy = ReturnType<typeof fn>;
const large = generated(1000);
const json = (value: unknown) => JSON.stringify(value, null, 2);

const meta = {
  title: "Designer/JsonView",
  component: JsonView,
  // The editor applies each command and hands the new document back; so does this harness.
  render: (args) => <LiveJsonView {...args} />,
  args: { doc: assessment, onCommand: fn(), readOnly: false },
  argTypes: { doc: { control: "object" } },
} satisfies Meta<typeof JsonView>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Typical: Story = {
  play: async ({ canvasElement }) => {
    const text = within(canvasElement).getByRole("textbox", { name: "Flow definition as JSON" });
    await expect(text).toHaveValue(json(assessment));
  },
};

/**
 * The round trip: a valid edit replaces the document (one command with the new definition); text that is not
 * JSON says where it breaks, is kept for fixing and changes nothing; fixing it applies it.
 */
export const EditRoundTrip: Story = {
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onCommand = args.onCommand as Spy;
    const text = canvas.getByRole("textbox", { name: "Flow definition as JSON" });
    const renamed = { ...assessment, name: "Assessment, revised" };

    await step("a valid edit emits the new definition", async () => {
      await userEvent.clear(text);
      await userEvent.paste(json(renamed));
      await expect(onCommand).toHaveBeenLastCalledWith({ kind: "replaceDocument", doc: renamed });
      await expect(canvas.queryByRole("alert")).toBeNull();
    });

    await step("invalid JSON shows an error and keeps the previous definition", async () => {
      onCommand.mockClear();
      const broken = json({ ...renamed, name: "Half typed" }).replace(
        '"name": "Half typed",',
        '"name": "Half typed",,',
      );
      await userEvent.clear(text);
      await userEvent.paste(broken);
      const alert = canvas.getByRole("alert");
      await expect(alert).toHaveTextContent(/^Not applied: .*JSON/);
      await expect(text).toHaveAttribute("aria-invalid", "true");
      await expect(text).toHaveAccessibleDescription(alert.textContent ?? "");
      await expect(text).toHaveValue(broken);
      // Clearing the box is not JSON either: only the paste's text-change events ran, and none was applied.
      await expect(onCommand).not.toHaveBeenCalled();
      text.blur();
      await expect(text).toHaveValue(broken);
    });

    await step("a flow definition is an object", async () => {
      await userEvent.clear(text);
      await userEvent.paste("[1, 2]");
      await expect(canvas.getByRole("alert")).toHaveTextContent("Not applied: a flow definition is a JSON object");
      await expect(onCommand).not.toHaveBeenCalled();
    });

    await step("fixing it applies it", async () => {
      const fixed = { ...renamed, name: "Half typed" };
      await userEvent.clear(text);
      await userEvent.paste(json(fixed));
      await expect(canvas.queryByRole("alert")).toBeNull();
      await expect(text).toHaveAttribute("aria-invalid", "false");
      await expect(onCommand).toHaveBeenCalledTimes(1);
      await expect(onCommand).toHaveBeenLastCalledWith({ kind: "replaceDocument", doc: fixed });
    });
  },
};

/** Half-way through an edit that does not parse yet. */
export const InvalidJsonBeingEdited: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const text = canvas.getByRole("textbox", { name: "Flow definition as JSON" });
    await userEvent.click(text);
    await userEvent.keyboard("{Control>}{End}{/Control}{Backspace}{Backspace}");
    await expect(canvas.getByRole("alert")).toHaveTextContent(/^Not applied: /);
    await expect(args.onCommand).not.toHaveBeenCalled();
  },
};

/** Importing a file is the same as pasting it. */
export const ImportsAFile: Story = {
  play: async ({ canvasElement, args }) => {
    const file = new File([json(discovery)], "discovery.json", { type: "application/json" });
    await userEvent.upload(within(canvasElement).getByLabelText("Import"), file);
    // The file is read asynchronously: the command and then the text follow when it has been read.
    await waitFor(() => expect(args.onCommand).toHaveBeenLastCalledWith({ kind: "replaceDocument", doc: discovery }));
    await waitFor(() => expect(within(canvasElement).getByRole("textbox")).toHaveValue(json(discovery)));
  },
};

/** A published version: shown, downloadable, not editable. */
export const ReadOnly: Story = {
  args: { readOnly: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const text = canvas.getByRole("textbox", { name: "Flow definition as JSON" });
    await expect(text).toHaveAttribute("readonly");
    await userEvent.type(text, "oops");
    await expect(text).toHaveValue(json(assessment));
    await expect(canvas.getByLabelText("Import")).toBeDisabled();
    await expect(canvas.getByRole("button", { name: "Download" })).toBeEnabled();
    await expect(args.onCommand).not.toHaveBeenCalled();
  },
};

/** A generated flow of 1,000 nodes. */
export const Large: Story = {
  args: { doc: large },
  play: async ({ canvasElement }) => {
    await expect(large.nodes.length).toBeGreaterThanOrEqual(1000);
    await expect(within(canvasElement).getByRole("textbox")).toHaveValue(json(large));
  },
};
