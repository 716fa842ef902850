import { RunView } from "@mfo/designer/components/RunView";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { delay, type HttpHandler, HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { problem, storyApi } from "../fixtures/api.js";
import {
  assessmentAt,
  decideSignOff,
  instanceId,
  longNamesFlow,
  longNamesRun,
  soakPausedRun,
} from "../fixtures/instances.js";
import { type FakeRuntime, type FakeRuntimeOptions, fakeRuntime } from "../fixtures/runtime.js";

/**
 * Every story's mocked API, in one list on the component (filled by the stories below as the module loads): each
 * answers only its own instance, so a page that shows all the stories at once (autodocs) works too.
 */
const handlers: HttpHandler[] = [];

const meta = {
  title: "Designer/RunView",
  component: RunView,
  args: { api: storyApi(), instanceId: instanceId(1) },
  parameters: { msw: { handlers } },
  // The run view fills the page below the shell's top bar; here it fills the story's frame instead.
  decorators: [
    (Story) => (
      <div style={{ height: "100vh", display: "flex", flexDirection: "column" }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof RunView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A story over a mocked runtime (after `extra`, handlers of its own instance): a fresh run each time it renders. */
function over(runtime: FakeRuntime, extra: HttpHandler[] = []) {
  handlers.push(...extra, ...runtime.handlers);
  return { args: { instanceId: runtime.run().id }, beforeEach: () => runtime.reset() };
}

const SLOW = { timeout: 5_000 };

/** The run state a node shows on the canvas. */
async function runState(canvasElement: HTMLElement, node: string): Promise<string | null | undefined> {
  const element = await within(canvasElement).findByTestId(`node-${node}`, {}, SLOW);
  return element.querySelector("[data-run-state]")?.getAttribute("data-run-state");
}

const expectRunState = (canvasElement: HTMLElement, node: string, state: string) =>
  waitFor(async () => expect(await runState(canvasElement, node)).toBe(state), SLOW);

const expectStatus = async (canvasElement: HTMLElement, status: string) =>
  waitFor(() => expect(within(canvasElement).getByTestId("instance-status")).toHaveTextContent(status), SLOW);

const history = (canvasElement: HTMLElement) =>
  within(within(canvasElement).getByRole("complementary", { name: "History" }));

/** The open confirmation dialog. */
const dialog = (canvasElement: HTMLElement) => within(canvasElement).findByRole("dialog", {}, SLOW);

/** The buttons in the instance's toolbar, by name. */
const actions = (canvasElement: HTMLElement) =>
  within(within(canvasElement).getByRole("toolbar", { name: "Instance" }))
    .getAllByRole("button")
    .map((b) => b.textContent);

export const Running: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.running(1) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "running");
    await expectRunState(canvasElement, "readiness", "completed");
    await expectRunState(canvasElement, "complexity", "running");
    await expectRunState(canvasElement, "risk", "pending");
    await waitFor(() => expect(within(canvasElement).getByTestId("feed-mode")).toHaveTextContent("live"), SLOW);
    await expect(actions(canvasElement)).toEqual(["Pause", "Cancel", "Result", "Open flow"]);
  },
};

/** The stream moves the instance on while the view is open: each node's state follows the events. */
export const ReactsToEvents: Story = {
  ...over(
    fakeRuntime({
      setup: () => assessmentAt.running(2),
      script: [
        (run) => run.complete("complexity", { output: { score: 37 } }).enter("risk"),
        (run) => run.start("risk"),
        (run) => run.complete("risk", { output: { level: "high" } }).enter("risk-gate"),
        (run) => run.pass("risk-gate", "sign-off", "e5").wait("sign-off", "approval"),
      ],
    }),
  ),
  play: async ({ canvasElement }) => {
    await expectRunState(canvasElement, "complexity", "running");
    await expectRunState(canvasElement, "complexity", "completed");
    await waitFor(() => expect(history(canvasElement).getByText(/node\.started risk/)).toBeVisible(), SLOW);
    await expectRunState(canvasElement, "risk", "running");
    await expectRunState(canvasElement, "risk", "completed");
    await expectRunState(canvasElement, "sign-off", "waiting");
    await expectStatus(canvasElement, "waiting");
    await expect(
      await within(canvasElement).findByRole("button", { name: "Approve Architect sign-off" }),
    ).toBeEnabled();
    await expect(history(canvasElement).getByText(/node\.waiting sign-off/)).toBeVisible();
  },
};

export const WaitingForApproval: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.waitingForApproval(3) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "waiting");
    await expectRunState(canvasElement, "sign-off", "waiting");
    await expect(actions(canvasElement)).toEqual([
      "Approve Architect sign-off",
      "Reject Architect sign-off",
      "Pause",
      "Cancel",
      "Result",
      "Open flow",
    ]);
  },
};

/** The assessment waiting at its sign-off, where a decision moves it on as the engine would. */
const approval = (n: number): FakeRuntimeOptions => ({
  setup: () => assessmentAt.waitingForApproval(n),
  execute: (run, request) => {
    if (request.node !== "sign-off" || !request.decision) return 'approval "sign-off" needs a decision';
    decideSignOff(run, request.decision, request.comment);
    return undefined;
  },
});

const approving = fakeRuntime(approval(4));

/**
 * Approving asks first (naming the node by its label and the instance), takes a comment, and sends the decision
 * with it only on confirming; the flow then runs to its end, and the history says who approved and why.
 */
export const ApproveSendsDecision: Story = {
  ...over(approving),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Approve Architect sign-off" }, SLOW));
    const asked = within(await dialog(canvasElement));
    await expect(asked.getByRole("heading", { name: "Approve Architect sign-off" })).toBeVisible();
    await expect(asked.getByText(/assessment v3 · Assess billing/)).toBeVisible();
    // Nothing is sent until the operator confirms.
    await expect(approving.executed).toEqual([]);
    await userEvent.type(asked.getByRole("textbox", { name: "Comment (optional)" }), "risk accepted for Q3");
    await userEvent.click(asked.getByRole("button", { name: "Approve" }));
    await expectStatus(canvasElement, "completed");
    await expect(canvas.queryByRole("dialog")).toBeNull();
    await expect(approving.executed).toEqual([
      { node: "sign-off", decision: "approve", comment: "risk accepted for Q3" },
    ]);
    await expectRunState(canvasElement, "sign-off", "completed");
    await expectRunState(canvasElement, "recommendations", "completed");
    await expectRunState(canvasElement, "rejected", "skipped");
    await expect(canvas.queryByRole("button", { name: /Approve|Reject/ })).toBeNull();
    await waitFor(() => expect(history(canvasElement).getByText(/node\.decided sign-off/)).toBeVisible(), SLOW);
    await expect(history(canvasElement).getByText("approved by Dana (ops): risk accepted for Q3")).toBeVisible();
  },
};

const rejecting = fakeRuntime(approval(5));

/** Rejecting asks for a reason the requester can act on; Back leaves the approval waiting, untouched. */
export const RejectSendsDecision: Story = {
  ...over(rejecting),
  play: async ({ canvasElement }) => {
    const reject = await within(canvasElement).findByRole("button", { name: "Reject Architect sign-off" }, SLOW);
    await userEvent.click(reject);
    await userEvent.click(within(await dialog(canvasElement)).getByRole("button", { name: "Back" }));
    await expect(within(canvasElement).queryByRole("dialog")).toBeNull();
    await expect(rejecting.executed).toEqual([]);
    await userEvent.click(reject);
    const asked = within(await dialog(canvasElement));
    await expect(asked.getByText(/Say why/)).toBeVisible();
    await userEvent.type(asked.getByRole("textbox", { name: "Comment (optional)" }), "no rollback plan");
    await userEvent.click(asked.getByRole("button", { name: "Reject" }));
    await expectStatus(canvasElement, "failed");
    await expect(rejecting.executed).toEqual([{ node: "sign-off", decision: "reject", comment: "no rollback plan" }]);
    await waitFor(
      () => expect(history(canvasElement).getByText("rejected by Dana (ops): no rollback plan")).toBeVisible(),
      SLOW,
    );
    await expectRunState(canvasElement, "rejected", "completed");
    await expectRunState(canvasElement, "recommendations", "skipped");
  },
};

/** The server turns the decision down (someone decided first): the view says why and keeps the instance. */
export const ApproveConflict: Story = {
  ...over(
    fakeRuntime({
      setup: () => assessmentAt.waitingForApproval(6),
      execute: () => 'approval "sign-off" was decided by someone else a moment ago',
    }),
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Approve Architect sign-off" }, SLOW));
    await userEvent.click(within(await dialog(canvasElement)).getByRole("button", { name: "Approve" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent("decided by someone else");
    await expectStatus(canvasElement, "waiting");
  },
};

/** The manual variant of the assessment waiting at its recommendations phase, which executing runs to the end. */
const manual = (n: number): FakeRuntimeOptions => ({
  setup: () => assessmentAt.waitingForManualPhase(n),
  execute: (run, request) => {
    if (request.node !== "recommendations") return "this flow is not waiting at that node";
    run
      .trigger("recommendations")
      .start("recommendations")
      .complete("recommendations", { output: { strategy: "rehost" } })
      .enter("done")
      .finish("done");
    return undefined;
  },
});

export const WaitingForManualPhase: Story = {
  ...over(fakeRuntime(manual(7))),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "waiting");
    await expectRunState(canvasElement, "recommendations", "waiting");
    await expect(actions(canvasElement)).toEqual(["Execute Recommendations", "Pause", "Cancel", "Result", "Open flow"]);
  },
};

const executing = fakeRuntime(manual(8));

/** Executing a manual phase names it (and sends no decision); the flow then runs to its end. */
export const ExecuteManualPhase: Story = {
  ...over(executing),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Execute Recommendations" }, SLOW));
    await expectStatus(canvasElement, "completed");
    await expect(executing.executed).toEqual([{ node: "recommendations" }]);
    await expectRunState(canvasElement, "recommendations", "completed");
  },
};

/** Paused: the node it stopped at says paused (not running), and the history says who paused it. */
export const Paused: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.paused(9) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "paused");
    await expectRunState(canvasElement, "complexity", "paused");
    await expect(actions(canvasElement)).toEqual(["Resume", "Cancel", "Result", "Open flow"]);
    await expect(history(canvasElement).getByText("paused by Dana (ops)")).toBeVisible();
  },
};

/** Paused while sleeping in a wait after two phases: the wait says paused and progress does not claim all done. */
export const PausedAtWait: Story = {
  ...over(fakeRuntime({ setup: () => soakPausedRun(17) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "paused");
    await expectRunState(canvasElement, "soak", "paused");
    await expectRunState(canvasElement, "deploy", "completed");
    await expect(within(canvasElement).getByTestId("instance-progress")).toHaveTextContent(
      "2/3 steps · paused at Soak for a day",
    );
  },
};

const cancelling = fakeRuntime({ setup: () => assessmentAt.waitingForApproval(18) });

/**
 * Cancel asks first, naming the flow and the instance; "Keep running" leaves it be. Confirmed with a reason, the
 * instance is cancelled and the history says who cancelled it and why.
 */
export const CancelAsksFirst: Story = {
  ...over(cancelling),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const cancel = await canvas.findByRole("button", { name: "Cancel" }, SLOW);
    await userEvent.click(cancel);
    let asked = within(await dialog(canvasElement));
    await expect(asked.getByRole("heading", { name: "Cancel this instance?" })).toBeVisible();
    await expect(asked.getByText(new RegExp(`assessment v3 · Assess billing \\(${instanceId(18)}\\)`))).toBeVisible();
    await userEvent.click(asked.getByRole("button", { name: "Keep running" }));
    await expect(cancelling.cancelled).toEqual([]);
    await expectStatus(canvasElement, "waiting");
    await userEvent.click(cancel);
    asked = within(await dialog(canvasElement));
    await userEvent.type(asked.getByRole("textbox", { name: "Reason (optional)" }), "duplicate of another run");
    await userEvent.click(asked.getByRole("button", { name: "Cancel instance" }));
    // The view shows "cancelled" at once, before the server has the request: wait for the request itself.
    await waitFor(() => expect(cancelling.cancelled).toEqual([{ reason: "duplicate of another run" }]), SLOW);
    await expectStatus(canvasElement, "cancelled");
    await waitFor(
      () => expect(history(canvasElement).getByText("cancelled by Dana (ops): duplicate of another run")).toBeVisible(),
      SLOW,
    );
  },
};

/** The reject confirmation left open, so the accessibility check runs over the dialog itself. */
export const RejectDialogOpen: Story = {
  ...over(fakeRuntime(approval(20))),
  play: async ({ canvasElement }) => {
    await userEvent.click(
      await within(canvasElement).findByRole("button", { name: "Reject Architect sign-off" }, SLOW),
    );
    const asked = within(await dialog(canvasElement));
    await expect(asked.getByRole("textbox", { name: "Comment (optional)" })).toHaveFocus();
    await userEvent.keyboard("the rollback plan is missing");
    await expect(asked.getByRole("button", { name: "Reject" })).toBeEnabled();
  },
};

/** Escape closes the confirmation without acting. */
export const EscapeKeepsWaiting: Story = {
  ...over(fakeRuntime(approval(19))),
  play: async ({ canvasElement }) => {
    await userEvent.click(
      await within(canvasElement).findByRole("button", { name: "Approve Architect sign-off" }, SLOW),
    );
    await dialog(canvasElement);
    await userEvent.keyboard("{Escape}");
    await expect(within(canvasElement).queryByRole("dialog")).toBeNull();
    await expectStatus(canvasElement, "waiting");
  },
};

export const Completed: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.completed(10) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "completed");
    await expectRunState(canvasElement, "recommendations", "completed");
    await expectRunState(canvasElement, "done", "completed");
    await expectRunState(canvasElement, "sign-off", "skipped");
    await expect(actions(canvasElement)).toEqual(["Result", "Open flow"]);
    await expect(within(canvasElement).getByTestId("feed-mode")).toHaveTextContent("");
    await expect(history(canvasElement).getAllByRole("listitem").at(-1)).toHaveTextContent("instance.completed done");
  },
};

export const Failed: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.failed(11) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "failed");
    // The notice under the toolbar (the Result panel, open once the run ended, repeats it).
    const shown = await within(canvasElement).findAllByText(
      "complexity: transform: the expression did not finish within its 1000 ms timeout",
    );
    await expect(shown[0]).toHaveClass("notice");
    await expect(shown[0]).toBeVisible();
    await expectRunState(canvasElement, "complexity", "failed");
    await expectRunState(canvasElement, "risk", "skipped");
    await expect(actions(canvasElement)).toEqual(["Resume", "Result", "Open flow"]);
  },
};

export const Cancelled: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.cancelled(12) })),
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, "cancelled");
    await expect(actions(canvasElement)).toEqual(["Result", "Open flow"]);
    await expect(history(canvasElement).getAllByRole("listitem").at(-1)).toHaveTextContent(
      "instance.cancelledcancelled by Dana (ops): billing is being retired instead",
    );
  },
};

const loading = instanceId(13);
handlers.push(
  http.get(`/api/v1/flows/${loading}`, async () => {
    await delay("infinite");
    return HttpResponse.json({});
  }),
  http.get(`/api/v1/flows/${loading}/events`, async () => {
    await delay("infinite");
    return HttpResponse.json({ items: [] });
  }),
);

export const Loading: Story = {
  args: { instanceId: loading },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Loading…")).toHaveAttribute("aria-busy", "true");
  },
};

const missing = instanceId(14);
handlers.push(
  http.get(`/api/v1/flows/${missing}`, () => problem(404, "no such flow instance")),
  http.get(`/api/v1/flows/${missing}/events`, () => problem(404, "no such flow instance")),
);

export const NotFound: Story = {
  args: { instanceId: missing },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("alert")).toHaveTextContent("no such flow instance");
  },
};

/** A server that does not stream (or a proxy that refuses to): the view polls instead, and says so. */
export const StreamUnavailable: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.running(15) }), [
    http.get(`/api/v1/flows/${instanceId(15)}/stream`, () => problem(404, "this server does not stream events")),
  ]),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(within(canvasElement).getByTestId("feed-mode")).toHaveTextContent("refreshing"), SLOW);
    await expectRunState(canvasElement, "complexity", "running");
  },
};

export const LongNames: Story = {
  ...over(fakeRuntime({ setup: () => longNamesRun(16) })),
  play: async ({ canvasElement }) => {
    const gate = longNamesFlow.nodes[2];
    await expectStatus(canvasElement, "waiting");
    // Named by the node's label; the button is cut short with the whole label as its tooltip.
    const approve = await within(canvasElement).findByRole("button", { name: `Approve ${gate?.label}` }, SLOW);
    await expect(approve).toBeVisible();
    await expect(approve).toHaveAttribute("title", `Approve ${gate?.label}`);
    await expectRunState(canvasElement, gate?.id as string, "waiting");
  },
};
