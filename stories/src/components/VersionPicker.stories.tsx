import { VersionPicker } from "@mfo/designer/components/Editor";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { getJson, problem, storyApi } from "../fixtures/api.js";
import { detailOf, never } from "../fixtures/canvas.js";
import { assessment } from "../fixtures/examples.js";

const detail = (versions: number) => [getJson(`/flow-types/${assessment.id}`, detailOf(assessment, { versions }))];

const meta = {
  title: "Designer/VersionPicker",
  component: VersionPicker,
  args: { api: storyApi(), flowType: assessment.id, current: undefined },
  argTypes: { api: { control: false }, current: { control: "number" } },
  parameters: { msw: { handlers: detail(3) } },
} satisfies Meta<typeof VersionPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

const picker = (root: HTMLElement) => within(root).getByLabelText("Version") as HTMLSelectElement;
const options = (select: HTMLSelectElement) => [...select.options].map((o) => o.value);

/** Editing the draft of a flow with three published versions. */
export const Draft: Story = {
  play: async ({ canvasElement }) => {
    const select = picker(canvasElement);
    await waitFor(() => expect(options(select)).toEqual(["draft", "1", "2", "3"]));
    await expect(select).toHaveValue("draft");
    await expect(within(select).getByRole("option", { name: "Draft (editing)" })).toBeInTheDocument();
  },
};

/** Showing published version 2 (read-only). */
export const PublishedVersion: Story = {
  args: { current: 2 },
  play: async ({ canvasElement }) => {
    const select = picker(canvasElement);
    await waitFor(() => expect(select).toHaveValue("2"));
    await expect(select.selectedOptions[0]?.textContent).toMatch(/^v2 · /);
  },
};

export const NeverPublished: Story = {
  parameters: { msw: { handlers: detail(0) } },
  play: async ({ canvasElement }) => {
    const select = picker(canvasElement);
    await expect(options(select)).toEqual(["draft"]);
  },
};

export const ManyVersions: Story = {
  parameters: { msw: { handlers: detail(60) } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(picker(canvasElement).options).toHaveLength(61));
  },
};

/** The versions cannot be listed: the draft stays pickable, nothing breaks. */
export const LoadError: Story = {
  parameters: {
    msw: {
      handlers: [http.get(`/api/v1/flow-types/${assessment.id}`, () => problem(503, "the database is unreachable"))],
    },
  },
  play: async ({ canvasElement }) => {
    await expect(options(picker(canvasElement))).toEqual(["draft"]);
  },
};

export const Loading: Story = {
  parameters: { msw: { handlers: [never(`/flow-types/${assessment.id}`)] } },
};

/** Picking a version opens it (the designer's router follows the URL); picking the draft goes back to editing. */
export const OpensAVersion: Story = {
  play: async ({ canvasElement }) => {
    const select = picker(canvasElement);
    await waitFor(() => expect(options(select)).toContain("1"));
    const before = window.location.href;
    try {
      await userEvent.selectOptions(select, "1");
      await expect(`${window.location.pathname}${window.location.search}`).toBe(`/flows/${assessment.id}?version=1`);
      await userEvent.selectOptions(select, "draft");
      await expect(window.location.pathname).toBe(`/flows/${assessment.id}/edit`);
    } finally {
      // The story's frame keeps its own address.
      window.history.replaceState(null, "", before);
    }
  },
};

/** A version shown can become the draft again, after a confirmation; the editor then opens the draft. */
export const RestoresAsDraft: Story = {
  args: { current: 1 },
  parameters: {
    msw: {
      handlers: [
        ...detail(3),
        http.post(`/api/v1/flow-types/${assessment.id}/versions/1/restore`, () =>
          HttpResponse.json({
            definition: assessment,
            updatedAt: "2026-11-21T10:00:00.000Z",
            validation: { valid: true, errors: [] },
          }),
        ),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const before = window.location.href;
    try {
      await userEvent.click(canvas.getByRole("button", { name: "Restore as draft" }));
      const confirm = canvas.getByRole("alertdialog", { name: "Restore v1 as the draft?" });
      await expect(confirm).toHaveAccessibleDescription(/replacing the draft there is/);
      await userEvent.click(within(confirm).getByRole("button", { name: "Restore" }));
      await waitFor(() => expect(window.location.pathname).toBe(`/flows/${assessment.id}/edit`));
    } finally {
      window.history.replaceState(null, "", before);
    }
  },
};

/** The draft itself has nothing to restore. */
export const NoRestoreForTheDraft: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole("button", { name: "Restore as draft" })).toBeNull();
  },
};
