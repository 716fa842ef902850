import { ConfirmDialog } from "@mfo/designer/components/ConfirmDialog";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";

const meta = {
  title: "Designer/ConfirmDialog",
  component: ConfirmDialog,
  args: {
    title: "Delete the draft of “Scratch”?",
    confirm: "Delete draft",
    danger: true,
    children: <p>It was never published: the flow type leaves the list with its draft.</p>,
    onConfirm: fn(),
    onCancel: fn(),
  },
} satisfies Meta<typeof ConfirmDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Cancel has the focus, so Enter does nothing harmful; the confirming button acts. */
export const Typical: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement).getByRole("alertdialog", { name: "Delete the draft of “Scratch”?" });
    await expect(dialog).toHaveAccessibleDescription(/never published/);
    await expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete draft" }));
    await expect(args.onConfirm).toHaveBeenCalledOnce();
  },
};

export const EscapeCancels: Story = {
  play: async ({ args }) => {
    await userEvent.keyboard("{Escape}");
    await expect(args.onCancel).toHaveBeenCalledOnce();
  },
};

/** The action failed: the dialog stays and says why. */
export const Failure: Story = {
  args: {
    onConfirm: fn(async () => {
      throw new Error("flow type “scratch” has no draft");
    }),
  },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await userEvent.click(dialog.getByRole("button", { name: "Delete draft" }));
    await expect(await dialog.findByRole("alert")).toHaveTextContent("has no draft");
    await expect(dialog.getByRole("button", { name: "Delete draft" })).toBeEnabled();
  },
};
