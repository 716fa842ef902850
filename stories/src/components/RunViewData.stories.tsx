import { RunView } from "@mfo/designer/components/RunView";
import type { Meta, StoryObj } from "@storybook/react-vite";
import type { HttpHandler } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { discovery } from "../fixtures/examples.js";
import { assessmentAt, instanceId } from "../fixtures/instances.js";
import { inventoryOutput, inventoryWithRetries } from "../fixtures/node-data.js";
import { createRun } from "../fixtures/run.js";
import { type FakeRuntime, fakeRuntime } from "../fixtures/runtime.js";

/** The run view's data side: the node panel, the result panel and the edges taken. Handlers as in RunView stories. */
const handlers: HttpHandler[] = [];

const meta = {
  title: "Designer/RunView/Data",
  component: RunView,
  args: { api: storyApi(), instanceId: instanceId(101) },
  parameters: { msw: { handlers } },
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

function over(runtime: FakeRuntime) {
  handlers.push(...runtime.handlers);
  return { args: { instanceId: runtime.run().id }, beforeEach: () => runtime.reset() };
}

const SLOW = { timeout: 5_000 };

/** The discovery template run to its end, the asset inventory's output a real inventory of 40 assets. */
const discoveryRun = (n: number) =>
  createRun({ id: instanceId(n), definition: discovery, version: 1, name: "Discover the Lyon data centre" })
    .created()
    .pass("start", "data-import")
    .phase("data-import", { records: 42 }, "field-mapping")
    .phase("field-mapping", { mapped: 42 }, "data-cleansing")
    .phase("data-cleansing", { kept: 41, dropped: 1 }, "asset-inventory")
    .phase("asset-inventory", inventoryOutput(40), "dependency-analysis")
    .phase("dependency-analysis", { cycles: [], waves: 4 }, "tech-debt")
    .phase("tech-debt", { eolAssets: 16 }, "done")
    .finish("done");

const nodePanel = (canvasElement: HTMLElement) =>
  within(canvasElement).findByRole("complementary", { name: /^Node / }, SLOW);

/** Clicking a node opens what it did: its inventory as tables; Escape closes the panel. */
export const NodePanelOnATable: Story = {
  ...over(
    fakeRuntime({
      setup: () => discoveryRun(101),
      nodeData: (node) => (node === "asset-inventory" ? inventoryWithRetries(40) : undefined),
    }),
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // Once ended, the result shows by itself.
    await expect(await canvas.findByRole("complementary", { name: "Result" }, SLOW)).toBeVisible();
    await userEvent.click(await canvas.findByTestId("node-asset-inventory", {}, SLOW));
    const panel = within(await nodePanel(canvasElement));
    await expect(panel.getByRole("heading", { name: /Asset inventory/ })).toBeVisible();
    const assets = await panel.findByRole("region", { name: "Output: assets" }, SLOW);
    await expect(within(assets).getAllByRole("row").length).toBeGreaterThan(5);
    await expect(canvas.queryByRole("complementary", { name: "Result" })).toBeNull();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(canvas.queryByRole("complementary", { name: /^Node / })).toBeNull());
  },
};

/** The runtime cannot answer yet (503): the panel says so with a Try again, and the rest of the view works. */
export const NodeDataUnavailable: Story = {
  ...over(fakeRuntime({ setup: () => discoveryRun(102), nodeData: () => "per-node data is not built yet" })),
  play: async ({ canvasElement }) => {
    await userEvent.click(await within(canvasElement).findByTestId("node-data-import", {}, SLOW));
    const panel = within(await nodePanel(canvasElement));
    const alert = await panel.findByRole("alert", {}, SLOW);
    await expect(alert).toHaveTextContent("per-node data is not built yet");
    await expect(within(alert).getByRole("button", { name: "Try again" })).toBeEnabled();
  },
};

/** A completed assessment: the result names the end node; the edges the run took are drawn apart from the others. */
export const ResultAndTakenEdges: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.completed(103) })),
  play: async ({ canvasElement }) => {
    const result = await within(canvasElement).findByRole("complementary", { name: "Result" }, SLOW);
    await expect(within(result).getByTestId("result-outcome")).toHaveTextContent(/completed\s*at done/);
    await expect(within(result).getByRole("region", { name: "Output of Recommendations" })).toHaveTextContent("rehost");
    const edge = (id: string) => canvasElement.querySelector(`.react-flow__edge[data-id="${id}"]`);
    await waitFor(() => expect(edge("e6")).toHaveClass("edge-taken"), SLOW);
    await expect(edge("e9")).toHaveClass("edge-taken");
    await expect(edge("e5")).toHaveClass("edge-not-taken");
    await expect(edge("e8")).toHaveClass("edge-not-taken");
    await userEvent.click(within(result).getByRole("button", { name: /^Close/ }));
    await expect(within(canvasElement).queryByRole("complementary", { name: "Result" })).toBeNull();
  },
};

/** Before the end, the Result button shows the context so far and says the run has not ended. */
export const ResultWhileRunning: Story = {
  ...over(fakeRuntime({ setup: () => assessmentAt.running(104) })),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Result" }, SLOW));
    const result = await canvas.findByRole("complementary", { name: "Result" }, SLOW);
    await expect(within(result).getByTestId("result-outcome")).toHaveTextContent("has not ended");
    await expect(canvas.getByRole("button", { name: "Result" })).toHaveAttribute("aria-pressed", "true");
  },
};
