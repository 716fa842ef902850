import { RunFromEditor } from "@mfo/designer/components/RunDialog";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { editorHandlers } from "../fixtures/canvas.js";
import { assessment } from "../fixtures/examples.js";
import { instanceCreation } from "../fixtures/runtime.js";

/** The flow-type list (the latest version of each) as the API gives it: the assessment at v1. */
const list = http.get("/api/v1/flow-types", () =>
  HttpResponse.json({
    items: [{ id: assessment.id, name: assessment.name, latestVersion: 1, hasDraft: false, updatedAt: AT }],
  }),
);
const AT = "2026-11-20T10:00:00.000Z";

/** The assessment's draft with one phase renamed: it differs from the published version. */
const renamed: FlowDefinition = {
  ...assessment,
  nodes: assessment.nodes.map((n, i) => (i === 1 ? { ...n, label: "Renamed in the draft" } : n)),
};
const creation = instanceCreation([assessment]);
/** The test runs the stories asked for (bodies of POST /flow-types/:id/draft/test-runs). */
const testRuns: unknown[] = [];
const TEST_INSTANCE = { id: "00000000-0000-4000-8000-0000000000bb" };
const testRun = http.post("/api/v1/flow-types/:id/draft/test-runs", async ({ request }) => {
  testRuns.push(await request.json());
  const at = "2026-11-20T10:00:00.000Z";
  return HttpResponse.json(
    {
      ...TEST_INSTANCE,
      flowType: assessment.id,
      version: 1,
      testRevision: 1,
      name: null,
      status: "running",
      currentNodes: [],
      createdAt: at,
      updatedAt: at,
      finishedAt: null,
      context: { input: {}, phases: {}, vars: {} },
      progress: { done: 0, total: 1 },
      lastError: null,
      parentId: null,
    },
    { status: 202 },
  );
});
const sample = { application: "billing", loc: 250_000, integrations: 15 };

const meta = {
  title: "Designer/RunFromEditor",
  component: RunFromEditor,
  args: {
    api: storyApi(),
    doc: renamed,
    version: null,
    editable: true,
    blocked: undefined,
    publish: fn(async () => 2),
    onStarted: fn(),
    onClose: fn(),
  },
  argTypes: { api: { control: false } },
  parameters: {
    msw: { handlers: [list, ...editorHandlers(assessment, { versions: 1 }), creation.handler, testRun] },
  },
  beforeEach: () => {
    creation.requests.length = 0;
    testRuns.length = 0;
  },
} satisfies Meta<typeof RunFromEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const fill = async (root: HTMLElement) => {
  const dialog = within(root);
  await userEvent.type(await dialog.findByLabelText(/Application/), sample.application);
  await userEvent.type(dialog.getByLabelText(/Loc/), String(sample.loc));
  await userEvent.type(dialog.getByLabelText(/Integrations/), String(sample.integrations));
};

/** "Run draft" test-runs the draft as it is on screen (nothing published), with the form built from that draft. */
export const TestRunsTheDraft: Story = {
  play: async ({ canvasElement, args }) => {
    await fill(canvasElement);
    const dialog = within(canvasElement);
    await expect(dialog.getByText(/Runs the draft as it is on screen/)).toBeVisible();
    await expect(dialog.queryByRole("button", { name: /^Run v/ })).toBeNull();
    await userEvent.click(dialog.getByRole("button", { name: "Run draft" }));
    await waitFor(() => expect(args.onStarted).toHaveBeenCalledWith(TEST_INSTANCE.id));
    await expect(testRuns).toEqual([{ definition: renamed, input: sample }]);
    await expect(creation.requests).toEqual([]);
    await expect(args.publish).not.toHaveBeenCalled();
  },
};

/** "Publish and run" publishes the draft, then starts the version it became. */
export const PublishesThenRuns: Story = {
  play: async ({ canvasElement, args }) => {
    await fill(canvasElement);
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Publish and run" }));
    await waitFor(() => expect(args.onStarted).toHaveBeenCalledOnce());
    await expect(args.publish).toHaveBeenCalledOnce();
    await expect(creation.requests).toEqual([{ flowType: assessment.id, version: 2, input: sample }]);
  },
};

/** A flow never published (no flow type of its id yet): only "Publish and run", which starts v1. */
export const NeverPublished: Story = {
  args: { doc: { ...renamed, id: "brand-new" }, publish: fn(async () => 1) },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await expect(await dialog.findByText(/never been published/)).toBeVisible();
    await expect(dialog.queryByRole("button", { name: /^Run v/ })).toBeNull();
  },
};

/** A draft that differs only in layout runs as published: nothing to offer. */
export const OnlyMoved: Story = {
  args: { doc: { ...assessment, nodes: assessment.nodes.map((n) => ({ ...n, ui: { x: 5, y: 5 } })) } },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await expect(await dialog.findByText("Runs published v1")).toBeVisible();
    await expect(dialog.queryByRole("button", { name: "Publish and run" })).toBeNull();
  },
};

/** A version shown read-only runs as it is: no publishing from there. */
export const ReadOnlyVersion: Story = {
  args: { doc: assessment, version: 1, editable: false },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await expect(await dialog.findByRole("button", { name: "Run v1" })).toBeVisible();
    await expect(dialog.queryByRole("button", { name: "Publish and run" })).toBeNull();
  },
};
