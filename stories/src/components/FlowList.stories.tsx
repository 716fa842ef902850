import { FlowList } from "@mfo/designer/components/FlowList";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { delay, HttpResponse, http } from "msw";
import { expect, within } from "storybook/test";
import { getJson, problem, storyApi } from "../fixtures/api.js";
import { assessment, discovery } from "../fixtures/examples.js";

const summary = (id: string, name: string, latestVersion: number | null, draft = false) => ({
  id,
  name,
  latestVersion,
  hasDraft: draft,
  updatedAt: "2026-11-20T10:00:00.000Z",
});

const meta = {
  title: "Designer/FlowList",
  component: FlowList,
  args: { api: storyApi() },
} satisfies Meta<typeof FlowList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Typical: Story = {
  parameters: {
    msw: {
      handlers: [
        getJson("/flow-types", {
          items: [summary(assessment.id, assessment.name, 3), summary(discovery.id, discovery.name, 1, true)],
        }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(assessment.name)).toBeVisible();
  },
};

export const Empty: Story = {
  parameters: { msw: { handlers: [getJson("/flow-types", { items: [] })] } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/No flow types yet/)).toBeVisible();
  },
};

export const Loading: Story = {
  parameters: {
    msw: {
      handlers: [
        http.get("/api/v1/flow-types", async () => {
          await delay("infinite");
          return HttpResponse.json({ items: [] });
        }),
      ],
    },
  },
};

export const ServerError: Story = {
  parameters: {
    msw: { handlers: [http.get("/api/v1/flow-types", () => problem(503, "the database is unreachable"))] },
  },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("alert")).toHaveTextContent("the database is unreachable");
  },
};

/** Long names and descriptions, and a flow type never published. */
export const LongText: Story = {
  parameters: {
    msw: {
      handlers: [
        getJson("/flow-types", {
          items: [
            {
              ...summary(
                "regional-datacentre-consolidation-wave-three-application-triage",
                "Regional datacentre consolidation, wave three: application triage and migration readiness review",
                null,
                true,
              ),
              description:
                "Triage every application of the third wave: readiness, complexity and risk, with the review board's sign-off for anything high risk, before the move is scheduled.",
            },
            summary(assessment.id, assessment.name, 12),
          ],
        }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = await canvas.findByRole("table");
    await expect(canvas.getByText("unpublished")).toBeVisible();
    // Long names wrap within the page rather than pushing the table wider than it.
    await expect(table.scrollWidth).toBeLessThanOrEqual((table.parentElement as HTMLElement).clientWidth);
  },
};
