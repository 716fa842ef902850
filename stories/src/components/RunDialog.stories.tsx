import { RunDialog } from "@mfo/designer/components/RunDialog";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { assessment, discovery } from "../fixtures/examples.js";
import { instanceCreation } from "../fixtures/runtime.js";

/** A flow without an input schema. */
const housekeeping: FlowDefinition = {
  id: "housekeeping",
  name: "Nightly housekeeping",
  nodes: [
    { id: "start", type: "start" },
    { id: "purge", type: "phase", handler: "log", params: { message: "purging finished instances" } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "purge" },
    { id: "e2", source: "purge", target: "done" },
  ],
};

/**
 * The assessment asking for the application's CMDB id: a pattern the browser does not check, so only the server's
 * validation (the runtime's own) catches a wrong one.
 */
const assessmentByCmdbId: FlowDefinition = {
  ...assessment,
  id: "assessment-by-cmdb-id",
  input: {
    type: "object",
    required: ["application"],
    properties: {
      application: {
        type: "string",
        pattern: "^[a-z][a-z0-9-]*$",
        description: "the application's id in the CMDB, e.g. billing-eu",
      },
      loc: { type: "integer", minimum: 0, description: "lines of code" },
      integrations: { type: "integer", minimum: 0 },
    },
  },
};

const longText: FlowDefinition = {
  ...assessment,
  id: "datacentre-triage",
  name: "Regional datacentre consolidation, wave three: application triage and migration readiness review",
  input: {
    type: "object",
    required: ["applicationIdentifierInTheConfigurationManagementDatabase"],
    properties: {
      applicationIdentifierInTheConfigurationManagementDatabase: {
        type: "string",
        description:
          "The identifier the configuration management database gives the application, not its display name: the triage board matches on it when it merges the results of every wave.",
      },
    },
  },
};

/** The assessment with a sample input in its schema's `examples`, as the shipped templates have. */
const sampleInput = { application: "billing", loc: 250_000, integrations: 15 };
const withSample: FlowDefinition = {
  ...assessment,
  id: "assessment-with-sample",
  input: { ...(assessment.input as Record<string, unknown>), examples: [sampleInput] },
};

const api = storyApi();
const creation = instanceCreation([assessment, assessmentByCmdbId, discovery, housekeeping, longText, withSample]);

/** Version 1 of a flow, as the dialog gets it. */
const v1 = (definition: FlowDefinition) => ({ version: 1, definition: { ...definition, version: 1 } });

/** onRun as the editor wires it: start an instance of the flow with the input (the server checks it). */
const startsInstance = (definition: FlowDefinition) =>
  fn(async (input: Record<string, unknown>) => {
    await api.createFlow({ flowType: definition.id, input });
  });

const meta = {
  title: "Designer/RunDialog",
  component: RunDialog,
  args: { published: v1(assessment), onRun: startsInstance(assessment), onClose: fn() },
  parameters: { msw: { handlers: [creation.handler] } },
  beforeEach: () => {
    creation.requests.length = 0;
  },
} satisfies Meta<typeof RunDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The assessment's input schema as a form; Cancel closes without starting anything. */
export const WithInputSchema: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(within(canvasElement).getByRole("dialog", { name: "Run Assessment" }));
    await expect(dialog.getByLabelText(/Application/)).toBeRequired();
    await expect(dialog.getByLabelText(/Loc/)).toHaveAttribute("type", "number");
    await expect(dialog.getByLabelText(/Integrations/)).toHaveAttribute("min", "0");
    await userEvent.click(dialog.getByRole("button", { name: "Cancel" }));
    await expect(args.onClose).toHaveBeenCalledOnce();
    await expect(args.onRun).not.toHaveBeenCalled();
  },
};

/** A flow without input schema still takes input: any JSON object, typed as JSON ({} as it opens). */
export const NoInputSchema: Story = {
  args: { published: v1(housekeeping), onRun: startsInstance(housekeeping) },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const json = dialog.getByRole("textbox", { name: /Input \(JSON object\)/ });
    await expect(json).toHaveValue("{}");
    await userEvent.clear(json);
    await userEvent.type(json, '{{ "dryRun": true }');
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).toHaveBeenCalledWith({ dryRun: true });
    await waitFor(() => expect(creation.requests).toEqual([{ flowType: "housekeeping", input: { dryRun: true } }]));
  },
};

/** Valid input goes to onRun as typed (numbers as numbers), and on to the server. */
export const SubmitsValidInput: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    await userEvent.type(dialog.getByLabelText(/Application/), "billing");
    await userEvent.type(dialog.getByLabelText(/Loc/), "250000");
    await userEvent.type(dialog.getByLabelText(/Integrations/), "12");
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    const input = { application: "billing", loc: 250_000, integrations: 12 };
    await expect(args.onRun).toHaveBeenCalledWith(input);
    await waitFor(() => expect(creation.requests).toEqual([{ flowType: "assessment", input }]));
    await expect(dialog.queryByRole("alert")).toBeNull();
  },
};

/** A flow with a sample input offers it: one click fills the form, which starts the instance with it. */
export const OffersSampleInput: Story = {
  args: { published: v1(withSample), onRun: startsInstance(withSample) },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    await expect(dialog.getByLabelText(/Application/)).toHaveValue("");
    await userEvent.click(dialog.getByRole("button", { name: "Use sample input" }));
    await expect(dialog.getByLabelText(/Application/)).toHaveValue("billing");
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).toHaveBeenCalledWith(sampleInput);
    await waitFor(() => expect(creation.requests).toEqual([{ flowType: withSample.id, input: sampleInput }]));
  },
};

/** Without a sample input there is nothing to offer. */
export const NoSampleInput: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole("button", { name: "Use sample input" })).toBeNull();
  },
};

/** A required field left empty or a number below its minimum: the browser refuses to submit and says why. */
export const RefusesInvalidInput: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const application = dialog.getByLabelText(/Application/) as HTMLInputElement;
    const loc = dialog.getByLabelText(/Loc/) as HTMLInputElement;
    await userEvent.type(loc, "-5");
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).not.toHaveBeenCalled();
    await expect(application.validity.valueMissing).toBe(true);
    await expect(application.validationMessage).not.toBe("");
    await expect(loc.validity.rangeUnderflow).toBe(true);
    await expect(creation.requests).toEqual([]);
  },
};

/** Input only the server can check: its errors land beside the field, with the server's message below. */
export const ServerRefusesInput: Story = {
  args: { published: v1(assessmentByCmdbId), onRun: startsInstance(assessmentByCmdbId) },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const application = dialog.getByLabelText(/Application/);
    await userEvent.type(application, "Billing EU");
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).toHaveBeenCalledWith({ application: "Billing EU" });
    const alerts = await dialog.findAllByRole("alert");
    await expect(alerts.map((a) => a.textContent)).toContain(
      'the input does not satisfy the input schema of "assessment-by-cmdb-id"',
    );
    await expect(application).toHaveAttribute("aria-invalid", "true");
    await expect(application).toHaveAccessibleDescription(/"Billing EU" is not allowed here/);
    // Corrected, it goes through.
    await userEvent.clear(application);
    await userEvent.type(application, "billing-eu");
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await waitFor(() => expect(creation.requests).toHaveLength(2));
    await expect(creation.requests[1]).toEqual({
      flowType: "assessment-by-cmdb-id",
      input: { application: "billing-eu" },
    });
  },
};

/** The discovery example's input: a list of objects, each a nested form. */
export const NestedInput: Story = {
  args: { published: v1(discovery), onRun: startsInstance(discovery) },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    await userEvent.type(dialog.getByLabelText(/Source/), "vmware-export.csv");
    await userEvent.click(dialog.getByRole("button", { name: /Add servers item/i }));
    await userEvent.type(await dialog.findByLabelText(/Name/), "app-01");
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).toHaveBeenCalledWith({ source: "vmware-export.csv", servers: [{ name: "app-01" }] });
  },
};

export const LongText: Story = {
  args: { published: v1(longText), onRun: startsInstance(longText) },
  play: async ({ canvasElement }) => {
    const dialog = within(canvasElement).getByRole("dialog");
    await expect(dialog).toHaveAccessibleName(`Run ${longText.name}`);
    // Long labels and help wrap inside the dialog rather than widening it.
    await expect(dialog.scrollWidth).toBeLessThanOrEqual(dialog.clientWidth);
  },
};

/** The draft differs from v1: the dialog says so; Run v1 starts v1, Publish and run publishes first. */
export const DraftDiffers: Story = {
  args: {
    published: v1(housekeeping),
    draft: { definition: { ...housekeeping, name: "Nightly housekeeping, edited" } },
    onRun: fn(async (_input: Record<string, unknown>) => {}),
    onPublishAndRun: fn(async (_input: Record<string, unknown>) => {}),
  },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    await expect(dialog.getByText("Runs published v1")).toBeVisible();
    await expect(dialog.getByRole("note")).toHaveTextContent(/The draft differs from v1/);
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).toHaveBeenCalledWith({});
    await expect(args.onPublishAndRun).not.toHaveBeenCalled();
    await userEvent.click(dialog.getByRole("button", { name: "Publish and run" }));
    await expect(args.onPublishAndRun).toHaveBeenCalledWith({});
  },
};

/** Enter in a field starts the published version: publishing takes a click on its own button. */
export const EnterRunsThePublishedVersion: Story = {
  args: {
    published: v1(withSample),
    draft: { definition: withSample },
    onRun: fn(async (_input: Record<string, unknown>) => {}),
    onPublishAndRun: fn(async (_input: Record<string, unknown>) => {}),
  },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    await userEvent.type(dialog.getByLabelText(/Application/), "billing{Enter}");
    await expect(args.onRun).toHaveBeenCalledWith({ application: "billing" });
    await expect(args.onPublishAndRun).not.toHaveBeenCalled();
  },
};

/** Never published: the form follows the draft, and Publish and run is the only way to start it. */
export const NeverPublished: Story = {
  args: {
    published: null,
    draft: { definition: assessment },
    onPublishAndRun: fn(async (_input: Record<string, unknown>) => {}),
  },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    await expect(dialog.getByText(/never been published/)).toBeVisible();
    await expect(dialog.queryByRole("button", { name: /^Run v/ })).toBeNull();
    await userEvent.type(dialog.getByLabelText(/Application/), "billing");
    await userEvent.click(dialog.getByRole("button", { name: "Publish and run" }));
    await expect(args.onPublishAndRun).toHaveBeenCalledWith({ application: "billing" });
  },
};

/** A draft with problems cannot be published: the button is disabled and the dialog says why; Run v1 still works. */
export const DraftHasProblems: Story = {
  args: {
    published: v1(housekeeping),
    draft: { definition: housekeeping, blocked: "2 problems in the Problems panel" },
    onRun: fn(async (_input: Record<string, unknown>) => {}),
    onPublishAndRun: fn(async (_input: Record<string, unknown>) => {}),
  },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const publish = dialog.getByRole("button", { name: "Publish and run" });
    await expect(publish).toBeDisabled();
    await expect(publish).toHaveAccessibleDescription(/fix the draft's problems first \(2 problems/);
    await userEvent.click(dialog.getByRole("button", { name: "Run v1" }));
    await expect(args.onRun).toHaveBeenCalledOnce();
    await expect(args.onPublishAndRun).not.toHaveBeenCalled();
  },
};

/** Test-running a draft with problems: they are listed, and Run draft is disabled until they are fixed. */
export const TestRunDraftHasProblems: Story = {
  args: {
    published: v1(housekeeping),
    draft: {
      definition: housekeeping,
      blocked: "1 problem in the Problems panel",
      problems: [
        { path: "/nodes/1/handler", code: "unknown-handler", message: 'no handler "purge-all"', nodeId: "purge" },
      ],
    },
    onRun: fn(async (_input: Record<string, unknown>) => {}),
    onTestRun: fn(async (_input: Record<string, unknown>) => {}),
  },
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement);
    const problems = dialog.getByRole("list", { name: "Problems" });
    await expect(problems).toHaveTextContent('purge: no handler "purge-all"');
    const run = dialog.getByRole("button", { name: "Run draft" });
    await expect(run).toBeDisabled();
    await expect(run).toHaveAccessibleDescription(/cannot run until its problems are fixed/);
    await expect(dialog.queryByRole("button", { name: /^Run v/ })).toBeNull();
    await expect(args.onTestRun).not.toHaveBeenCalled();
  },
};
