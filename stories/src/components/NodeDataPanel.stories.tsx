import { NodeDataPanel } from "@mfo/designer/components/NodeDataPanel";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { inventoryWithRetries, riskGateDecision, signOffApproval } from "../fixtures/node-data.js";

const meta = {
  title: "Designer/NodeDataPanel",
  component: NodeDataPanel,
  args: {
    nodeId: "asset-inventory",
    label: "Asset inventory",
    nodeData: inventoryWithRetries(),
    loading: false,
    onClose: fn(),
    onRetry: fn(),
  },
  // Beside the canvas in the run view, the panel is a full-height column.
  decorators: [
    (Story) => (
      <div style={{ height: "100vh", display: "flex", justifyContent: "flex-end" }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof NodeDataPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

const panel = (canvasElement: HTMLElement) => within(canvasElement).getByRole("complementary", { name: /^Node / });
const tab = (canvasElement: HTMLElement, name: string | RegExp) =>
  within(panel(canvasElement)).getByRole("tab", { name });

/** A phase that failed twice, then produced the inventory: output as tables, attempts, logs with the truncated marker. */
export const PhaseWithRetriesAndLogs: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(panel(canvasElement));
    // The latest attempt by default; its output's lists of records read as tables.
    await expect(canvas.getByRole("combobox", { name: "Showing" })).toHaveDisplayValue("attempt 3 · completed");
    await expect(tab(canvasElement, "Output")).toHaveAttribute("aria-selected", "true");
    await expect(canvas.getByRole("region", { name: "Output: assets" })).toBeVisible();
    // Tabs follow the arrow keys.
    tab(canvasElement, "Output").focus();
    await userEvent.keyboard("{ArrowRight}");
    await expect(tab(canvasElement, /Attempts/)).toHaveFocus();
    // One body per attempt: its row, then its error and validator results.
    const attempts = [...canvas.getByRole("region", { name: "Attempts" }).querySelectorAll("tbody")];
    await expect(attempts).toHaveLength(3);
    await expect(attempts[0]).toHaveTextContent("retrying");
    await expect(attempts[0]).toHaveTextContent("Error: timeout: the CMDB export did not answer within 30000 ms");
    await expect(attempts[2]).toHaveTextContent("✗ dependency-validator: 1 dependency names no known asset");
    await expect(attempts[2]).toHaveTextContent("00000000-0000-4000-8000-000000000001:asset-inventory:3");
    await expect(attempts[2]).toHaveAttribute("aria-current", "true");
    await userEvent.keyboard("{ArrowRight}");
    await expect(canvas.getByRole("list", { name: "Log lines" }).children).toHaveLength(100);
    await expect(canvas.getByRole("note")).toHaveTextContent("Truncated");
    // An earlier attempt: its error and its own logs.
    await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Showing" }), "attempt 1 · retrying");
    await expect(canvas.getByRole("list", { name: "Log lines" }).children).toHaveLength(2);
    await userEvent.click(tab(canvasElement, "Input"));
    await expect(canvas.getByRole("tree", { name: "Input" })).toHaveTextContent("matchShortNames: true");
    await userEvent.click(canvas.getByRole("button", { name: /^Close/ }));
    await expect(args.onClose).toHaveBeenCalled();
  },
};

/** Time travel: attempts recorded after the event looked at are hidden; the context then is shown under the input. */
export const AsOfAnEarlierEvent: Story = {
  args: { asOfSeq: 16, context: { input: { source: "cmdb-export" }, phases: {}, vars: {} } },
  play: async ({ canvasElement }) => {
    const canvas = within(panel(canvasElement));
    await expect(canvas.getByRole("combobox", { name: "Showing" })).toHaveDisplayValue("attempt 2 · retrying");
    await expect(within(canvas.getByRole("combobox")).getAllByRole("option")).toHaveLength(2);
    await userEvent.click(tab(canvasElement, "Input"));
    await expect(canvas.getByRole("region", { name: "Context the node saw" })).toHaveTextContent("cmdb-export");
  },
};

/** A decision: the edge it took and each condition's value. */
export const Decision: Story = {
  args: { nodeId: "risk-gate", label: "Risk gate", nodeData: riskGateDecision, edgeLabel: (id) => `${id} → Sign-off` },
  play: async ({ canvasElement }) => {
    const details = within(panel(canvasElement)).getByRole("region", { name: "Details" });
    await expect(details).toHaveTextContent("Took e5 → Sign-off");
    await expect(within(details).getAllByRole("row")[1]).toHaveTextContent("=phases.risk.output.level == 'high'true");
  },
};

/** An approval: who decided, when, and the comment; its output is the decision. */
export const Approval: Story = {
  args: { nodeId: "sign-off", label: "Architect sign-off", nodeData: signOffApproval },
  play: async ({ canvasElement }) => {
    const details = within(panel(canvasElement)).getByRole("region", { name: "Details" });
    await expect(details).toHaveTextContent("Dana (ops)");
    await expect(details).toHaveTextContent("rollback plan reviewed with the ledger team");
    await expect(within(panel(canvasElement)).getByRole("tree", { name: "Output" })).toHaveTextContent('"approve"');
  },
};

/** The read failed (the runtime answered 503): the panel says so and offers to try again. */
export const ErrorState: Story = {
  args: { nodeData: undefined, error: "the node data service is not built yet (503)" },
  play: async ({ canvasElement, args }) => {
    const alert = within(panel(canvasElement)).getByRole("alert");
    await expect(alert).toHaveTextContent("Could not read what Asset inventory did: the node data service");
    await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await expect(args.onRetry).toHaveBeenCalled();
  },
};

export const Loading: Story = {
  args: { nodeData: undefined, loading: true },
  play: async ({ canvasElement }) => {
    await expect(within(panel(canvasElement)).getByText(/Loading what Asset inventory did/)).toHaveAttribute(
      "aria-busy",
      "true",
    );
  },
};

export const NotRunYet: Story = {
  args: { nodeData: { instanceId: "x", nodeId: "asset-inventory", type: "phase", attempts: [] } },
  play: async ({ canvasElement }) => {
    await expect(panel(canvasElement)).toHaveTextContent("This node has not run yet.");
  },
};
