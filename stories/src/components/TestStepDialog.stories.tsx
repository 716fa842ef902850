import { TestStepDialog, TestStepFromEditor } from "@mfo/designer/components/TestStepDialog";
import type { TestStepResult } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { assessment } from "../fixtures/examples.js";

const context = { input: { application: "billing", loc: 250_000, integrations: 15 }, phases: {}, vars: {} };
const AT = "2026-11-20T10:00:00.000Z";

const scored: TestStepResult = {
  ok: true,
  input: { expression: "{ 'risk': input.loc / 100000 + input.integrations / 10 }" },
  output: { risk: 4 },
  error: null,
  validators: [{ type: "required", ok: true }],
  logs: [{ at: AT, level: "info", message: "scored billing" }],
  logsTruncated: false,
  durationMs: 12,
};
const validatorFailed: TestStepResult = {
  ok: false,
  input: { expression: "{}" },
  error: { code: "validation-failed", message: "missing field: risk", retryable: true },
  validators: [{ type: "required", ok: false, message: "missing field: risk" }],
  logs: [],
  logsTruncated: false,
  durationMs: 3,
};
const handlerError: TestStepResult = {
  ok: false,
  input: { url: "http://10.0.0.5/cmdb/billing", method: "GET" },
  error: { code: "ssrf-refused", message: "10.0.0.5 is a private address: not allowed", retryable: false },
  validators: [],
  logs: [],
  logsTruncated: false,
  durationMs: 1,
};

const meta = {
  title: "Designer/TestStepDialog",
  component: TestStepDialog,
  args: {
    nodeId: "score",
    initialContext: context,
    contextSource: "From the latest run (3f2a9c1e).",
    onRun: fn(async () => scored),
    onClose: fn(),
  },
} satisfies Meta<typeof TestStepDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Prefilled with the last run's context; Run sends it as typed and shows the output, validators, logs, duration. */
export const Prefilled: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const editor = dialog.getByLabelText("Context (JSON)");
    await expect(editor).toHaveValue(JSON.stringify(context, null, 2));
    await expect(editor).toHaveAccessibleDescription(/From the latest run/);
    await userEvent.click(dialog.getByRole("button", { name: "Run" }));
    await waitFor(() => expect(args.onRun).toHaveBeenCalledWith(context));
    await expect(await dialog.findByTestId("test-step-verdict")).toHaveTextContent("Succeeded in 12 ms");
    await expect(dialog.getByTestId("test-step-output")).toHaveTextContent('"risk": 4');
    await expect(dialog.getByText("scored billing", { exact: false })).toBeVisible();
  },
};

/** A result with every part: what the dialog shows after a successful run. */
export const ResultOk: Story = {
  args: { initialResult: scored },
  play: async ({ canvasElement }) => {
    const result = within(within(canvasElement).getByRole("region", { name: "Result" }));
    await expect(result.getByText("required")).toBeVisible();
    await expect(result.getByText("Params")).toBeVisible();
  },
};

/** A validator refused the output: the verdict, the error and the validator that failed. */
export const ValidatorFailed: Story = {
  args: { onRun: fn(async () => validatorFailed) },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await userEvent.click(dialog.getByRole("button", { name: "Run" }));
    await expect(await dialog.findByTestId("test-step-verdict")).toHaveTextContent("Failed in 3 ms");
    await expect(dialog.getAllByText(/missing field: risk/).length).toBeGreaterThanOrEqual(2);
    await expect(dialog.queryByTestId("test-step-output")).toBeNull();
  },
};

/** The handler failed (here the network guard refused a private address): its code and message. */
export const HandlerError: Story = {
  args: { nodeId: "fetch-cmdb", onRun: fn(async () => handlerError) },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    await userEvent.click(dialog.getByRole("button", { name: "Run" }));
    await expect(await dialog.findByText("ssrf-refused")).toBeVisible();
    await expect(dialog.getByText(/private address/)).toBeVisible();
  },
};

/** Text that is not JSON is not sent: the dialog says where it breaks. */
export const ContextNotJson: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const editor = dialog.getByLabelText("Context (JSON)");
    await userEvent.clear(editor);
    await userEvent.type(editor, "not json");
    await userEvent.click(dialog.getByRole("button", { name: "Run" }));
    await expect(await dialog.findByRole("alert")).toHaveTextContent(/not JSON/);
    await expect(args.onRun).not.toHaveBeenCalled();
  },
};

/** From the editor: the context comes from the flow type's latest run, and Run calls the test-step route. */
export const FromEditor: StoryObj<typeof TestStepFromEditor> = {
  render: () => <TestStepFromEditor api={storyApi()} doc={assessment} nodeId="score" onClose={() => {}} />,
  parameters: {
    msw: {
      handlers: [
        http.get("/api/v1/flows", () =>
          HttpResponse.json({
            items: [
              {
                id: "00000000-0000-4000-8000-0000000000cc",
                flowType: assessment.id,
                version: 1,
                name: null,
                status: "completed",
                currentNodes: [],
                createdAt: AT,
                updatedAt: AT,
                finishedAt: AT,
              },
            ],
            nextCursor: null,
          }),
        ),
        http.get("/api/v1/flows/:id", () =>
          HttpResponse.json({
            id: "00000000-0000-4000-8000-0000000000cc",
            flowType: assessment.id,
            version: 1,
            name: null,
            status: "completed",
            currentNodes: [],
            createdAt: AT,
            updatedAt: AT,
            finishedAt: AT,
            context,
            progress: { done: 1, total: 1 },
            lastError: null,
            parentId: null,
          }),
        ),
        http.post("/api/v1/flow-types/:id/draft/test-step", () => HttpResponse.json(scored)),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement);
    // The dialog opens (showModal) once the latest run is read: its controls are reachable from then on.
    const run = await dialog.findByRole("button", { name: "Run" });
    await expect(dialog.getByLabelText("Context (JSON)")).toHaveValue(JSON.stringify(context, null, 2));
    await userEvent.click(run);
    await expect(await dialog.findByTestId("test-step-output")).toHaveTextContent('"risk": 4');
  },
};
