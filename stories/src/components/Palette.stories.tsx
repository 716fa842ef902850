import { DRAG_TYPE, Palette } from "@mfo/designer/components/Palette";
import { nodeTypes } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";

const meta = {
  title: "Designer/Palette",
  component: Palette,
  args: { onAdd: fn(), disabled: false },
  decorators: [
    (Story) => (
      <div style={{ display: "flex", height: 420 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Palette>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every type in the schemas package's registry, in its order; pressing one adds it, dragging one carries its type. */
export const Enabled: Story = {
  play: async ({ canvasElement, args }) => {
    const palette = within(canvasElement).getByRole("complementary", { name: "Node types" });
    const buttons = within(palette).getAllByRole("button");
    await expect(buttons.map((b) => b.textContent)).toEqual(nodeTypes.map((t) => t.title));
    await expect(buttons.every((b) => b.getAttribute("draggable") === "true")).toBe(true);

    await userEvent.click(within(palette).getByRole("button", { name: "Decision" }));
    await expect(args.onAdd).toHaveBeenCalledWith("decision");

    // What a drag carries is the node type, under the designer's own drag type (the canvas reads nothing else).
    const dataTransfer = new DataTransfer();
    within(palette)
      .getByRole("button", { name: "Approval" })
      .dispatchEvent(new DragEvent("dragstart", { bubbles: true, dataTransfer }));
    await expect(dataTransfer.getData(DRAG_TYPE)).toBe("approval");
  },
};

/** A read-only version: nothing can be added or dragged. */
export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvasElement, args }) => {
    const buttons = within(canvasElement).getAllByRole("button");
    for (const button of buttons) {
      await expect(button).toBeDisabled();
      await expect(button).toHaveAttribute("draggable", "false");
    }
    await userEvent.click(buttons[1] as HTMLElement, { pointerEventsCheck: 0 });
    await expect(args.onAdd).not.toHaveBeenCalled();
  },
};

/** Each type's description from the schema is its tooltip. */
export const Descriptions: Story = {
  play: async ({ canvasElement }) => {
    const phase = within(canvasElement).getByRole("button", { name: "Phase" });
    await expect(phase).toHaveAttribute("title", nodeTypes.find((t) => t.type === "phase")?.description);
    await expect(phase.getAttribute("title")?.length).toBeGreaterThan(0);
  },
};
