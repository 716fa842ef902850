import { FlowServiceProvider } from "@mfo/designer/client";
import { OperatorWidget } from "@mfo/designer/client/example";
import type { Meta, StoryObj } from "@storybook/react-vite";
import type { HttpHandler } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { assessmentAt, decideSignOff } from "../fixtures/instances.js";
import { type FakeRuntime, fakeRuntime } from "../fixtures/runtime.js";

/**
 * The README's embedding example (designer/src/client/example/OperatorWidget.tsx) over a mocked runtime and its
 * event stream: useFlow from @mfo/designer/client, as an app embedding MFO would use it.
 */
const handlers: HttpHandler[] = [];
const service = storyApi();

const meta = {
  title: "Client/OperatorWidget",
  component: OperatorWidget,
  args: { id: "" },
  parameters: { msw: { handlers } },
  decorators: [
    (Story) => (
      <FlowServiceProvider service={service}>
        <Story />
      </FlowServiceProvider>
    ),
  ],
} satisfies Meta<typeof OperatorWidget>;

export default meta;
type Story = StoryObj<typeof meta>;

function over(runtime: FakeRuntime) {
  handlers.push(...runtime.handlers);
  return { args: { id: runtime.run().id }, beforeEach: () => runtime.reset() };
}

const SLOW = { timeout: 5_000 };
const status = (canvasElement: HTMLElement) => within(canvasElement).getByTestId("flow-status");

/** Waiting for the sign-off: Approve sends the decision, and the widget follows the flow to its end. */
const approving = fakeRuntime({
  setup: () => assessmentAt.waitingForApproval(21),
  execute: (run, request) => {
    if (request.node !== "sign-off" || !request.decision) return 'approval "sign-off" needs a decision';
    decideSignOff(run, request.decision);
    return undefined;
  },
});

export const WaitingForApproval: Story = {
  ...over(approving),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent("waiting"), SLOW);
    await expect(canvas.getByText(/\d+ of \d+ phases done/)).toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent("completed"), SLOW);
    await expect(approving.executed).toEqual([{ node: "sign-off", decision: "approve" }]);
    await expect(canvas.queryByRole("button", { name: "Approve" })).toBeNull();
  },
};

/** Someone else decided first: the server's 409 is shown and the status goes back to waiting. */
export const ApproveConflict: Story = {
  ...over(
    fakeRuntime({
      setup: () => assessmentAt.waitingForApproval(22),
      execute: () => 'approval "sign-off" was decided by someone else a moment ago',
    }),
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Approve" }, SLOW));
    await expect(await canvas.findByRole("alert")).toHaveTextContent("decided by someone else");
    await expect(status(canvasElement)).toHaveTextContent("waiting");
  },
};
