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

/** A key of only spaces is not sent. */
export const IgnoresBlankKey: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText("API key"), "   ");
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await expect(args.onKey).not.toHaveBeenCalled();
  },
};

export const LongError: Story = {
  args: {
    error:
      "cannot reach the MFO server; is it running? The designer tried https://mfo.internal.example.com/api/v1/flow-types and got no answer within 30 seconds.",
  },
  play: async ({ canvasElement }) => {
    const alert = within(canvasElement).getByRole("alert");
    await expect(alert).toHaveTextContent("cannot reach the MFO server");
    // The message wraps within the form.
    await expect(alert.scrollWidth).toBeLessThanOrEqual(alert.clientWidth);
  },
};
