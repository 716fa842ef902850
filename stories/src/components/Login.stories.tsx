import { Login } from "@mfo/designer/components/Login";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";

const meta = {
  title: "Designer/Login",
  component: Login,
  args: { onKey: fn() },
} satisfies Meta<typeof Login>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};

export const WithError: Story = { args: { error: "the API key is not valid" } };

export const SignsIn: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText("API key"), "  mfo_test  ");
    await userEvent.click(canvas.getByRole("button"));
    await expect(args.onKey).toHaveBeenCalledWith("mfo_test");
  },
};
