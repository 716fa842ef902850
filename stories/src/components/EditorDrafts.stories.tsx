/**
 * The editor's drafts under React's StrictMode, as `npm run dev` runs the designer (effects run twice on mount):
 * a visit to /new saves nothing until an edit; the first save gives the page the new flow's address.
 */
import { EditorPage } from "@mfo/designer/components/Editor";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { StrictMode } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { catalogue } from "../fixtures/examples.js";

const saved: string[] = [];

const meta = {
  title: "Designer/EditorDrafts",
  component: EditorPage,
  args: { api: storyApi() },
  argTypes: { api: { control: false } },
  decorators: [
    (Story) => (
      <StrictMode>
        <div style={{ display: "flex", flexDirection: "column", height: "100vh" }}>
          <Story />
        </div>
      </StrictMode>
    ),
  ],
  parameters: {
    msw: {
      handlers: [
        http.get("/api/v1/catalogue", () => HttpResponse.json(catalogue)),
        http.get("/api/v1/secrets", () => HttpResponse.json({ items: [] })),
        http.get("/api/v1/flow-types", () =>
          HttpResponse.json({
            items: [
              {
                id: "new-flow",
                name: "New flow",
                latestVersion: null,
                hasDraft: true,
                updatedAt: "2026-11-20T10:00:00.000Z",
              },
            ],
          }),
        ),
        // The version picker of the flow once saved: a draft, nothing published.
        http.get("/api/v1/flow-types/:id", ({ params }) =>
          HttpResponse.json({ id: params.id, latest: null, draft: null, versions: [] }),
        ),
        http.put("/api/v1/flow-types/:id/draft", async ({ params, request }) => {
          saved.push(params.id as string);
          return HttpResponse.json({
            definition: await request.json(),
            updatedAt: "2026-11-20T10:00:00.000Z",
            validation: { valid: false, errors: [] },
          });
        }),
      ],
    },
  },
  beforeEach: () => {
    saved.length = 0;
  },
} satisfies Meta<typeof EditorPage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opened and left alone, a new flow saves nothing; its first edit saves it under a free id, named in the address. */
export const NewFlowSavesOnlyOnceEdited: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const before = window.location.href;
    try {
      await canvas.findByTestId("node-start", {}, { timeout: 5000 });
      // Longer than the autosave's 800 ms: a save scheduled on mount would have been sent by now.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await expect(saved).toEqual([]);
      await userEvent.click(canvas.getByRole("button", { name: "Phase" }));
      // "new-flow" is taken (another new flow's draft): this one is new-flow-2.
      await waitFor(() => expect(saved).toEqual(["new-flow-2"]), { timeout: 5000 });
      await waitFor(() => expect(window.location.pathname).toBe("/flows/new-flow-2/edit"));
    } finally {
      window.history.replaceState(null, "", before);
    }
  },
};
