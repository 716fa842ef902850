import { ResultPanel } from "@mfo/designer/components/ResultPanel";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, within } from "storybook/test";
import { assessmentAt } from "../fixtures/instances.js";

const completed = assessmentAt.completed(1);
const failed = assessmentAt.failed(2);
const running = assessmentAt.running(3);

const meta = {
  title: "Designer/ResultPanel",
  component: ResultPanel,
  args: {
    status: "completed",
    definition: completed.definition,
    events: completed.events,
    context: completed.instance().context,
    onClose: fn(),
  },
  decorators: [
    (Story) => (
      <div style={{ height: "100vh", display: "flex", justifyContent: "flex-end" }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ResultPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

const panel = (canvasElement: HTMLElement) => within(canvasElement).getByRole("complementary", { name: "Result" });

/** The end node reached and the final context: the input, then each phase's output under its label. */
export const Completed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(panel(canvasElement));
    await expect(canvas.getByTestId("result-outcome")).toHaveTextContent(/completed\s*at done/);
    await expect(canvas.getByRole("region", { name: "Input" })).toHaveTextContent("intranet");
    const recommendations = canvas.getByRole("region", { name: /^Output of Recommend/ });
    await expect(recommendations).toHaveTextContent('"rehost"');
  },
};

export const Failed: Story = {
  args: {
    status: "failed",
    definition: failed.definition,
    events: failed.events,
    context: failed.instance().context,
    lastError: failed.instance().lastError,
  },
  play: async ({ canvasElement }) => {
    const outcome = within(panel(canvasElement)).getByTestId("result-outcome");
    await expect(outcome).toHaveTextContent("failed");
    await expect(outcome).toHaveTextContent("complexity: transform: the expression did not finish");
  },
};

export const NotEnded: Story = {
  args: {
    status: "running",
    definition: running.definition,
    events: running.events,
    context: running.instance().context,
  },
  play: async ({ canvasElement }) => {
    await expect(within(panel(canvasElement)).getByTestId("result-outcome")).toHaveTextContent(
      "This run has not ended (running)",
    );
  },
};
