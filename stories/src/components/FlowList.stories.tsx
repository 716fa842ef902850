import { FlowList } from "@mfo/designer/components/FlowList";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { delay, HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
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

/**
 * The list as the API keeps it: deleting a draft or archiving a flow type changes what the next GET answers, and
 * the requests are recorded.
 */
function listApi() {
  let items = [
    summary(assessment.id, assessment.name, 3),
    summary("scratch", "Scratch", null, true),
    summary(discovery.id, discovery.name, 1, true),
  ];
  const requests: string[] = [];
  const handlers = [
    http.get("/api/v1/flow-types", () => HttpResponse.json({ items })),
    http.get("/api/v1/flow-types/:id/instance-count", () => HttpResponse.json({ total: 12, active: 3 })),
    http.delete("/api/v1/flow-types/:id/draft", ({ params }) => {
      requests.push(`DELETE draft ${params.id}`);
      items = items.flatMap((t) =>
        t.id !== params.id ? [t] : t.latestVersion === null ? [] : [{ ...t, hasDraft: false }],
      );
      return new HttpResponse(null, { status: 204 });
    }),
    http.delete("/api/v1/flow-types/:id", ({ params }) => {
      requests.push(`DELETE ${params.id}`);
      items = items.filter((t) => t.id !== params.id);
      const instances = { total: 12, active: 3 };
      return HttpResponse.json({ id: params.id, archivedAt: "2026-11-21T10:00:00.000Z", instances });
    }),
  ];
  return { handlers, requests };
}
const drafts = listApi();
const archives = listApi();

/** A draft never published: deleting it (after a confirmation saying so) takes the row away. */
export const DeletesADraft: Story = {
  parameters: { msw: { handlers: drafts.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Delete draft of Scratch" }));
    const confirm = canvas.getByRole("alertdialog", { name: "Delete the draft of “Scratch”?" });
    await expect(confirm).toHaveAccessibleDescription(/never published/);
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete draft" }));
    await waitFor(() => expect(canvas.queryByText("Scratch")).toBeNull());
    await expect(drafts.requests).toEqual(["DELETE draft scratch"]);
  },
};

/** Archiving names the instances first; Cancel changes nothing. */
export const ArchivesWithTheInstanceCount: Story = {
  parameters: { msw: { handlers: archives.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: `Archive ${assessment.name}` }));
    const confirm = await canvas.findByRole("alertdialog");
    await expect(confirm).toHaveAccessibleName(`Archive “${assessment.name}”? It has 12 instances (3 active).`);
    await userEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    await expect(archives.requests).toEqual([]);
    await userEvent.click(canvas.getByRole("button", { name: `Archive ${assessment.name}` }));
    await userEvent.click(within(await canvas.findByRole("alertdialog")).getByRole("button", { name: "Archive" }));
    await waitFor(() => expect(canvas.queryByText(assessment.name)).toBeNull());
    await expect(archives.requests).toEqual([`DELETE ${assessment.id}`]);
  },
};
