import { ProblemsPanel } from "@mfo/designer/components/ProblemsPanel";
import { checkFlow, toProblems } from "@mfo/designer/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { assessment, catalogue } from "../fixtures/examples.js";
import { broken, disconnected } from "../fixtures/forms.js";

const typical = checkFlow(broken(assessment), catalogue).problems;
const many = checkFlow(disconnected(300), catalogue).problems;

const LONG_ID = "import-every-server-database-and-load-balancer-of-the-estate-and-map-them";
const longMessages = toProblems(
  [
    {
      path: "/nodes/1/params/expression",
      code: "invalid-expression",
      nodeId: LONG_ID,
      message: `Expression is not a valid JSONata expression: ${'Expected ")" before end of expression '.repeat(6)}(at character 412)`,
    },
    {
      path: "/edges/3",
      code: "unknown-edge-target",
      edgeId: `${LONG_ID}-to-nowhere`,
      message: `edge goes to "${"x".repeat(150)}", which is not a node of this flow`,
    },
    {
      path: "/description",
      code: "invalid-length",
      message: "Description is too long: at most 2000 characters (it has 2417) ".repeat(4),
    },
  ],
  "long",
);

const meta = {
  title: "Designer/ProblemsPanel",
  component: ProblemsPanel,
  args: { problems: typical, onSelect: fn() },
} satisfies Meta<typeof ProblemsPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  args: { problems: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(/No problems: the flow can be published/)).toBeVisible();
  },
};

/** A flow broken in several ways, as validateFlow reports it (document order). */
export const Typical: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("heading", { name: `Problems ${typical.length}` })).toBeVisible();
    await expect(canvas.getAllByRole("button")).toHaveLength(typical.length);
  },
};

/** Hundreds of problems (a 300-node flow with no edges): the panel scrolls, every one is listed. */
export const Many: Story = {
  args: { problems: many },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(many.length).toBeGreaterThan(500);
    await expect(canvas.getAllByRole("button")).toHaveLength(many.length);
    const panel = canvas.getByRole("region", { name: "Problems" });
    await expect(panel.scrollHeight).toBeGreaterThan(panel.clientHeight);
  },
};

export const LongMessages: Story = {
  args: { problems: longMessages },
  play: async ({ canvasElement }) => {
    const panel = within(canvasElement).getByRole("region", { name: "Problems" });
    await expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth + 1);
  },
};

/** Choosing a problem hands it to onSelect, naming the node, edge or flow to select. */
export const SelectsOnClick: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: /node readiness unknown handler "teleport"/ }));
    await expect(args.onSelect).toHaveBeenLastCalledWith(
      expect.objectContaining({ code: "unknown-handler", target: { kind: "node", id: "readiness" } }),
    );
    await userEvent.click(canvas.getByRole("button", { name: /edge e5 Condition is not a valid JSONata expression/ }));
    await expect(args.onSelect).toHaveBeenLastCalledWith(
      expect.objectContaining({ code: "invalid-expression", target: { kind: "edge", id: "e5" } }),
    );
    await userEvent.click(canvas.getByRole("button", { name: /^flow Id "Not An Id" is not allowed here/ }));
    await expect(args.onSelect).toHaveBeenLastCalledWith(
      expect.objectContaining({ path: "/id", target: { kind: "flow", id: "Not An Id" } }),
    );
    // Keyboard users choose one the same way.
    canvas.getByRole("button", { name: /^node done node "done" cannot be reached/ }).focus();
    await userEvent.keyboard("{Enter}");
    await expect(args.onSelect).toHaveBeenLastCalledWith(
      expect.objectContaining({ target: { kind: "node", id: "done" } }),
    );
    await expect(args.onSelect).toHaveBeenCalledTimes(4);
  },
};
