import { InstancesList } from "@mfo/designer/components/InstancesList";
import type { InstanceSummary } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { delay, HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { problem, storyApi } from "../fixtures/api.js";
import { instanceId, instanceListing, instanceSummaries } from "../fixtures/instances.js";

const meta = {
  title: "Designer/InstancesList",
  component: InstancesList,
  args: { api: storyApi() },
} satisfies Meta<typeof InstancesList>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The rows of the table, without its header. */
const rows = (canvasElement: HTMLElement) => within(canvasElement).queryAllByRole("row").slice(1);

/** A story over a listing of `items`, its recorded queries forgotten each time it renders. */
const listing = (items: InstanceSummary[]) => {
  const fake = instanceListing(items);
  return {
    fake,
    story: { parameters: { msw: { handlers: [fake.handler] } }, beforeEach: () => void fake.queries.splice(0) },
  };
};

export const Empty: Story = {
  ...listing([]).story,
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText("No instances match.")).toBeVisible();
    await expect(within(canvasElement).queryByRole("table")).toBeNull();
  },
};

const typical = listing(instanceSummaries(8));

export const Typical: Story = {
  ...typical.story,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("link", { name: "Assess application 1" })).toHaveAttribute(
      "href",
      `/instances/${instanceId(1000)}`,
    );
    await expect(rows(canvasElement)).toHaveLength(8);
    // Unnamed instances show the start of their id.
    await expect(canvas.getByRole("link", { name: instanceId(1003).slice(0, 8) })).toBeVisible();
    await expect(rows(canvasElement)[1]).toHaveTextContent(/waiting.*sign-off/);
    await expect(canvas.queryByRole("button", { name: "Load more" })).toBeNull();
    await expect(typical.fake.queries.map((q) => q.toString())).toEqual(["limit=50"]);
  },
};

const many = listing(instanceSummaries(120));

/** More instances than a page: "Load more" asks for the next page with the server's cursor and appends it. */
export const ManyWithPaging: Story = {
  ...many.story,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const more = await canvas.findByRole("button", { name: "Load more" });
    await expect(rows(canvasElement)).toHaveLength(50);
    await userEvent.click(more);
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(100));
    await userEvent.click(canvas.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(120));
    await expect(canvas.queryByRole("button", { name: "Load more" })).toBeNull();
    const [first, second, third] = many.fake.queries;
    await expect(first?.get("cursor")).toBeNull();
    await expect(second?.get("cursor")).toBeTruthy();
    await expect(third?.get("cursor")).not.toBe(second?.get("cursor"));
    await expect(new Set(rows(canvasElement).map((r) => r.textContent)).size).toBe(120);
  },
};

const filtering = listing(instanceSummaries(30));

/** Choosing a status asks the server for that status only (the `status` query parameter). */
export const FilterByStatus: Story = {
  ...filtering.story,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(30));
    await userEvent.selectOptions(canvas.getByLabelText("Status"), "failed");
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(5));
    await expect(filtering.fake.queries.at(-1)?.get("status")).toBe("failed");
    for (const row of rows(canvasElement)) await expect(row).toHaveTextContent("failed");
    await userEvent.selectOptions(canvas.getByLabelText("Status"), "any");
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(30));
    await expect(filtering.fake.queries.at(-1)?.has("status")).toBe(false);
  },
};

const byFlowType = listing(instanceSummaries(30));

/** Opened from a flow type's "Instances" link: filtered by that flow type, which can be changed. */
export const FilterByFlowType: Story = {
  ...byFlowType.story,
  args: { flowType: "discovery" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(10));
    await expect(canvas.getByLabelText("Flow type")).toHaveValue("discovery");
    await expect(byFlowType.fake.queries[0]?.get("flowType")).toBe("discovery");
    for (const row of rows(canvasElement)) await expect(row).toHaveTextContent("discovery v3");
    await userEvent.clear(canvas.getByLabelText("Flow type"));
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(30));
    await expect(byFlowType.fake.queries.at(-1)?.has("flowType")).toBe(false);
  },
};

export const Loading: Story = {
  parameters: {
    msw: {
      handlers: [
        http.get("/api/v1/flows", async () => {
          await delay("infinite");
          return HttpResponse.json({ items: [], nextCursor: null });
        }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Loading…")).toHaveAttribute("aria-busy", "true");
  },
};

export const ServerError: Story = {
  parameters: {
    msw: { handlers: [http.get("/api/v1/flows", () => problem(503, "the database is unreachable"))] },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("alert")).toHaveTextContent("the database is unreachable");
    await expect(canvas.queryByText("No instances match.")).toBeNull();
  },
};

const long = listing(
  instanceSummaries(4).map((i, n) => ({
    ...i,
    flowType: "regional-datacentre-consolidation-wave-three-application-triage",
    name: `Wave three triage ${n + 1} for the accounts-receivable, general-ledger and treasury management applications`,
    currentNodes: i.currentNodes.length ? ["sign-off-by-the-enterprise-architecture-review-board-chair"] : [],
  })),
);

export const LongNames: Story = {
  ...long.story,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(4));
    const table = within(canvasElement).getByRole("table");
    // Long names wrap within the page rather than pushing the table wider than it.
    await expect(table.scrollWidth).toBeLessThanOrEqual((table.parentElement as HTMLElement).clientWidth);
  },
};
