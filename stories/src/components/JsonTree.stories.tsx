import { JsonTree } from "@mfo/designer/components/JsonTree";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { fakeClipboard } from "../fixtures/clipboard.js";
import { bigOutput, inventoryOutput } from "../fixtures/node-data.js";

const meta = {
  title: "Designer/JsonTree",
  component: JsonTree,
  args: { value: inventoryOutput(8), label: "Output", basePath: "phases.`asset-inventory`.output" },
  decorators: [
    (Story) => (
      <div style={{ padding: 16, maxWidth: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof JsonTree>;

export default meta;
type Story = StoryObj<typeof meta>;

const tree = (canvasElement: HTMLElement) => within(canvasElement).getByRole("tree", { name: "Output" });
const items = (canvasElement: HTMLElement) => within(tree(canvasElement)).queryAllByRole("treeitem");

/** The root's entries show; arrows move, right opens, left closes, as a tree does. */
export const Keyboard: Story = {
  play: async ({ canvasElement }) => {
    await expect(items(canvasElement).map((i) => i.getAttribute("data-path"))).toEqual([
      "",
      "/assets",
      "/dependencies",
      "/unresolved",
      "/rejected",
      "/counts",
      "/byPlatform",
      "/byType",
    ]);
    tree(canvasElement).focus();
    await userEvent.keyboard("{ArrowDown}{ArrowRight}");
    const assets = items(canvasElement)[1];
    await expect(assets).toHaveAttribute("aria-expanded", "true");
    await expect(items(canvasElement)).toHaveLength(16);
    await userEvent.keyboard("{ArrowDown}");
    await expect(tree(canvasElement)).toHaveAttribute("aria-activedescendant", items(canvasElement)[2]?.id);
    await userEvent.keyboard("{ArrowLeft}{ArrowLeft}");
    await expect(items(canvasElement)[1]).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Expand all" }));
    await expect(items(canvasElement).length).toBeGreaterThan(16);
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Collapse all" }));
    await expect(items(canvasElement)).toHaveLength(8);
  },
};

/** Search finds keys and values in collapsed parts too, opens them and steps through the matches. */
export const Search: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole("searchbox", { name: "Search Output" }), "db002");
    await waitFor(() => expect(canvas.getByTestId("search-hits")).toHaveTextContent("1 of 4"));
    const current = canvasElement.querySelector(".match-current");
    await expect(current).toHaveAttribute("data-path", "/assets/0/dependsOn/0");
    await expect(current?.querySelector("mark")).toHaveTextContent("db002");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(canvas.getByTestId("search-hits")).toHaveTextContent("2 of 4"));
    await userEvent.click(canvas.getByRole("button", { name: "Previous match" }));
    await waitFor(() => expect(canvas.getByTestId("search-hits")).toHaveTextContent("1 of 4"));
    await userEvent.clear(canvas.getByRole("searchbox", { name: "Search Output" }));
    await userEvent.type(canvas.getByRole("searchbox", { name: "Search Output" }), "nothing-like-this");
    await waitFor(() => expect(canvas.getByTestId("search-hits")).toHaveTextContent("no match"));
  },
};

/** Copy takes the active value as JSON, or its path as an expression writes it, and says so. */
export const Copy: Story = {
  play: async ({ canvasElement }) => {
    const clipboard = fakeClipboard();
    const canvas = within(canvasElement);
    await userEvent.click(items(canvasElement)[5] as HTMLElement);
    await userEvent.click(canvas.getByRole("button", { name: "Copy value" }));
    await waitFor(() => expect(canvas.getByRole("status")).toHaveTextContent("copied the value"));
    await expect(JSON.parse(clipboard.text() ?? "")).toEqual(inventoryOutput(8).counts);
    await userEvent.click(canvas.getByRole("button", { name: "Copy path" }));
    await waitFor(() => expect(clipboard.text()).toBe("phases.`asset-inventory`.output.counts"));
  },
};

/** Sealed values read as a distinct badge, never as an ordinary string. */
export const Redacted: Story = {
  args: {
    value: { endpoint: "https://cmdb.corp.example.com", apiToken: "[redacted]", user: { password: "[redacted]" } },
    openDepth: 2,
  },
  play: async ({ canvasElement }) => {
    const badges = canvasElement.querySelectorAll(".json-redacted");
    await expect(badges).toHaveLength(2);
    await expect(badges[0]).toHaveTextContent("redacted");
    await expect(tree(canvasElement)).not.toHaveTextContent('"[redacted]"');
  },
};

const five = bigOutput();

/** A 5 MB output opens at once: only the rows in view are in the page, however many the value has. */
export const FiveMegabytes: Story = {
  args: { value: five },
  play: async ({ canvasElement }) => {
    await expect(JSON.stringify(five).length).toBeGreaterThan(4_900_000);
    await userEvent.click(items(canvasElement)[1] as HTMLElement);
    tree(canvasElement).focus();
    await userEvent.keyboard("{ArrowRight}");
    await waitFor(() => expect(items(canvasElement)[1]).toHaveAttribute("aria-expanded", "true"));
    await expect(items(canvasElement).length).toBeLessThan(80);
    await userEvent.keyboard("{End}");
    await waitFor(() => expect(items(canvasElement).at(-1)).toHaveAttribute("data-path", "/byType"));
    await userEvent.type(within(canvasElement).getByRole("searchbox"), "app9999");
    await waitFor(() => expect(within(canvasElement).getByTestId("search-hits")).not.toHaveTextContent(""));
  },
};
