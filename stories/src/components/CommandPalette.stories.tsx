import { CommandPalette, EditorCommands, type PaletteCommand } from "@mfo/designer/components/CommandPalette";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { assessment } from "../fixtures/examples.js";
import { onCanvas } from "../fixtures/on-canvas.js";

const commands = (): PaletteCommand[] => [
  { id: "add-phase", label: "Add Phase", run: fn() },
  { id: "add-decision", label: "Add Decision", run: fn() },
  { id: "find-risk", label: "Find node: Risk (risk)", run: fn() },
  { id: "run", label: "Run", disabledReason: "publish first", run: fn() },
  { id: "publish", label: "Publish", run: fn() },
];

const meta = {
  title: "Designer/CommandPalette",
  component: CommandPalette,
  args: { commands: commands(), onClose: fn() },
  decorators: [
    (Story) => (
      <div style={{ minHeight: 520 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof CommandPalette>;

export default meta;
type Story = StoryObj<typeof meta>;

const option = (root: HTMLElement, name: string | RegExp) => within(root).getByRole("option", { name });

/** Typing filters; the first match is active; Enter runs it and closes the palette. */
export const FiltersAndRuns: Story = {
  args: { commands: commands() },
  play: async ({ canvasElement, args }) => {
    const palette = within(canvasElement).getByRole("dialog", { name: "Command palette" });
    const box = within(palette).getByRole("combobox", { name: "Command" });
    await expect(box).toHaveFocus();
    await expect(within(palette).getAllByRole("option")).toHaveLength(5);
    await userEvent.type(box, "pub");
    await expect(
      within(palette)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Publish"]);
    await expect(box).toHaveAttribute("aria-activedescendant", option(palette, "Publish").id);
    await userEvent.keyboard("{Enter}");
    await expect(args.onClose).toHaveBeenCalledTimes(1);
    await expect(args.commands[4]?.run).toHaveBeenCalledTimes(1);
  },
};

/** Arrow keys move the active option (wrapping around); a disabled command says why and does not run. */
export const ArrowKeysAndDisabled: Story = {
  args: { commands: commands() },
  play: async ({ canvasElement, args }) => {
    const box = within(canvasElement).getByRole("combobox", { name: "Command" });
    await userEvent.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}");
    const run = option(canvasElement, /^Run/);
    await expect(run).toHaveAttribute("aria-selected", "true");
    await expect(run).toHaveAttribute("aria-disabled", "true");
    await expect(run).toHaveTextContent("publish first");
    await userEvent.keyboard("{Enter}");
    await expect(args.commands[3]?.run).not.toHaveBeenCalled();
    await expect(args.onClose).not.toHaveBeenCalled();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    await expect(box).toHaveAttribute("aria-activedescendant", option(canvasElement, "Add Phase").id);
    await userEvent.keyboard("{ArrowUp}");
    await expect(option(canvasElement, "Publish")).toHaveAttribute("aria-selected", "true");
  },
};

/** A query nothing matches says so; Escape closes. */
export const NoMatchAndEscape: Story = {
  args: { commands: commands() },
  play: async ({ canvasElement, args }) => {
    await userEvent.keyboard("zebra");
    await expect(within(canvasElement).queryAllByRole("option")).toHaveLength(0);
    await expect(within(canvasElement).getByText(/No command matches/)).toBeVisible();
    await userEvent.keyboard("{Escape}");
    await expect(args.onClose).toHaveBeenCalledTimes(1);
  },
};

/**
 * In the editor: Ctrl+K opens the palette with a command per node type and per node; "add phase" + Enter adds one.
 * `?` opens the shortcut sheet, but not while typing in a field.
 */
export const InTheEditor: StoryObj<typeof EditorCommands> = {
  decorators: [onCanvas(520)],
  render: (args) => (
    <>
      <input aria-label="Some field" />
      <EditorCommands {...args} />
    </>
  ),
  args: {
    doc: assessment,
    readOnly: false,
    canPublish: true,
    onAddNode: fn(),
    onAddNote: fn(),
    onSelect: fn(),
    onRun: fn(),
    onPublish: fn(),
    onLayout: fn(),
    onToggleJson: fn(),
  },
  play: async ({ canvasElement, args }) => {
    const root = within(canvasElement);
    await userEvent.keyboard("{Control>}k{/Control}");
    const box = await root.findByRole("combobox", { name: "Command" });
    await expect(root.getByRole("option", { name: "Find node: Architect sign-off (sign-off)" })).toBeInTheDocument();
    // Run is offered like the toolbar's Run: its dialog says what it runs, or offers to publish first.
    await expect(root.getByRole("option", { name: /^Run/ })).not.toHaveAttribute("aria-disabled", "true");
    await userEvent.type(box, "add phase");
    await userEvent.keyboard("{Enter}");
    await expect(args.onAddNode).toHaveBeenCalledWith("phase");
    await waitFor(() => expect(root.queryByRole("dialog")).toBeNull());

    await userEvent.click(root.getByRole("textbox", { name: "Some field" }));
    await userEvent.keyboard("?");
    await expect(root.queryByRole("dialog")).toBeNull();
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard("?");
    await expect(await root.findByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(root.queryByRole("dialog")).toBeNull());

    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.type(await root.findByRole("combobox", { name: "Command" }), "sticky");
    await userEvent.keyboard("{Enter}");
    await expect(args.onAddNote).toHaveBeenCalledTimes(1);

    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.type(await root.findByRole("combobox", { name: "Command" }), "run");
    await userEvent.keyboard("{Enter}");
    await expect(args.onRun).toHaveBeenCalledTimes(1);
  },
};
