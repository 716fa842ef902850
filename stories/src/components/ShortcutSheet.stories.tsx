import { SHORTCUT_GROUPS, SHORTCUTS, ShortcutSheet } from "@mfo/designer/components/ShortcutSheet";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";

/** A page with a button that opens the sheet, as `?` does in the editor, so focus has somewhere to come back to. */
function Harness({ onClose }: { onClose(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <div style={{ padding: 16, minHeight: 600 }}>
      <button type="button" onClick={() => setOpen(true)}>
        Shortcuts
      </button>
      {open ? (
        <ShortcutSheet
          onClose={() => {
            onClose();
            setOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}

const meta = {
  title: "Designer/ShortcutSheet",
  component: ShortcutSheet,
  args: { onClose: fn() },
  render: (args) => <Harness onClose={args.onClose} />,
} satisfies Meta<typeof ShortcutSheet>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every shortcut, grouped; a labelled modal dialog that holds the focus; Escape closes it and focus comes back. */
export const OpensAndCloses: Story = {
  play: async ({ canvasElement, args }) => {
    const opener = within(canvasElement).getByRole("button", { name: "Shortcuts" });
    await userEvent.click(opener);
    const sheet = await within(canvasElement).findByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(sheet).toHaveAttribute("open");
    await expect(sheet.contains(document.activeElement)).toBe(true);
    await expect(within(sheet).getAllByRole("heading", { level: 3 })).toHaveLength(SHORTCUT_GROUPS.length);
    await expect(sheet.querySelectorAll(".shortcut-row")).toHaveLength(SHORTCUTS.length);
    await expect(within(sheet).getByText("Command palette: add, find, run, publish")).toBeVisible();
    // (That Tab stays inside needs real key presses: tests/e2e/editor-notes-palette.test.ts checks it.)
    // Keys pressed in the sheet stay in it: the canvas behind would otherwise delete its selection on Delete.
    const behind = fn();
    window.addEventListener("keydown", behind);
    await userEvent.keyboard("{Delete}{Control>}z{/Control}");
    window.removeEventListener("keydown", behind);
    await expect(behind).not.toHaveBeenCalled();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(within(canvasElement).queryByRole("dialog")).toBeNull());
    await expect(args.onClose).toHaveBeenCalledTimes(1);
    await expect(opener).toHaveFocus();
  },
};

/** The Close button closes it too. */
export const CloseButton: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Shortcuts" }));
    const sheet = await within(canvasElement).findByRole("dialog", { name: "Keyboard shortcuts" });
    await userEvent.click(within(sheet).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(within(canvasElement).queryByRole("dialog")).toBeNull());
    await expect(args.onClose).toHaveBeenCalledTimes(1);
  },
};
