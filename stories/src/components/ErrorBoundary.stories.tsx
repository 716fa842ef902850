import { ErrorBoundary } from "@mfo/designer/components/ErrorBoundary";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, fn, userEvent, within } from "storybook/test";

/** A child that throws while rendering until it is told not to (what a bug in a panel does). */
let broken = true;
function Fragile() {
  if (broken) throw new TypeError("Cannot read properties of undefined (reading 'attempts')");
  return <p>The panel works again.</p>;
}

function Harness({ onBack }: { onBack(): void }) {
  const [, rerender] = useState(0);
  return (
    <div>
      <button
        type="button"
        onClick={() => {
          broken = false;
          rerender((n) => n + 1);
        }}
      >
        Fix the bug
      </button>
      <ErrorBoundary what="the node panel" compact back={{ label: "Close the panel", onBack }}>
        <Fragile />
      </ErrorBoundary>
    </div>
  );
}

const meta = {
  title: "Designer/ErrorBoundary",
  component: Harness,
  args: { onBack: fn() },
  beforeEach: () => {
    broken = true;
  },
} satisfies Meta<typeof Harness>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A throwing child: its message (no stack), a way back, and Try again that renders the child anew. */
export const CatchesAThrowingChild: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const alert = canvas.getByRole("alert");
    await expect(alert).toHaveTextContent("Sorry, the node panel stopped working");
    await expect(alert).toHaveTextContent("Cannot read properties of undefined (reading 'attempts')");
    await expect(alert).not.toHaveTextContent(/\bat \w+ \(/);
    await userEvent.click(within(alert).getByRole("button", { name: "Close the panel" }));
    await expect(args.onBack).toHaveBeenCalled();
    // Still broken: trying again shows the error again rather than a blank space.
    await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await expect(canvas.getByRole("alert")).toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: "Fix the bug" }));
    await userEvent.click(canvas.getByRole("button", { name: "Try again" }));
    await expect(canvas.getByText("The panel works again.")).toBeVisible();
    await expect(canvas.queryByRole("alert")).toBeNull();
  },
};
