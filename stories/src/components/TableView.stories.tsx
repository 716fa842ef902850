import { TableView } from "@mfo/designer/components/TableView";
import { ValueView } from "@mfo/designer/components/ValueView";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { budgetOutput, inventoryOutput, wavesOutput } from "../fixtures/node-data.js";

const meta = {
  title: "Designer/TableView",
  component: TableView,
  args: { rows: inventoryOutput(40).assets, label: "assets", basePath: "phases.`asset-inventory`.output.assets" },
  decorators: [
    (Story) => (
      <div style={{ padding: 16, maxWidth: 900 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof TableView>;

export default meta;
type Story = StoryObj<typeof meta>;

const headers = (canvasElement: HTMLElement) =>
  within(canvasElement)
    .getAllByRole("columnheader")
    .map((h) => h.textContent?.trim());
const column = (canvasElement: HTMLElement, index: number) =>
  [...canvasElement.querySelectorAll("tbody tr:not(.spacer)")].map((r) => r.children[index]?.textContent);

/** The discovery inventory's assets: a column per key in first-seen order, rows virtualised. */
export const Inventory: Story = {
  play: async ({ canvasElement }) => {
    await expect(headers(canvasElement)).toEqual([
      "#",
      "id",
      "hostname",
      "type",
      "platform",
      "os",
      "environment",
      "eol",
      "ip",
      "cpu",
      "memoryGb",
      "dependsOn",
    ]);
    await expect(within(canvasElement).getByRole("table")).toHaveAttribute("aria-rowcount", "41");
    // Only the rows in view (and a few more) are in the page.
    await expect(column(canvasElement, 1).length).toBeLessThan(40);
    await expect(column(canvasElement, 1)[0]).toBe("app001");
  },
};

/** The resource plan's waves: sorted by a click on a header (numbers as numbers), again for descending. */
export const Waves: Story = {
  args: { rows: wavesOutput.waves, label: "waves" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const people = canvas.getByRole("button", { name: "people" });
    await userEvent.click(people);
    await expect(canvas.getByRole("columnheader", { name: /people/ })).toHaveAttribute("aria-sort", "ascending");
    await expect(column(canvasElement, 1)).toEqual(["1", "4", "2", "3"]);
    await userEvent.click(people);
    await expect(column(canvasElement, 1)).toEqual(["3", "2", "4", "1"]);
    // A nested value is summarised; its button opens it as a tree below the table.
    await userEvent.click(canvas.getByRole("button", { name: "{3 keys} (open byComplexity of row 3)" }));
    const detail = await canvas.findByRole("region", { name: "byComplexity of row 3" });
    await expect(within(detail).getByRole("tree")).toHaveTextContent("high: 5");
  },
};

/** A value viewer on the FinOps budget: its teams read as a table, the rest as a tree; a toggle shows all as a tree. */
export const BudgetInAValueView: Story = {
  render: () => <ValueView value={budgetOutput} label="Output" basePath="phases.budget.output" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const teams = canvas.getByRole("region", { name: "Output: teams" });
    await expect(within(teams).getAllByRole("row")).toHaveLength(5);
    await expect(canvas.getByRole("region", { name: "Output: other fields" })).toHaveTextContent("headroomPercent");
    await userEvent.click(canvas.getByRole("radio", { name: "Tree" }));
    await waitFor(() => expect(canvas.getByRole("tree", { name: "Output" })).toBeVisible());
    await expect(canvas.queryByRole("table")).toBeNull();
  },
};
