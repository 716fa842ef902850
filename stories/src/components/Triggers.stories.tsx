import { TriggersPanel } from "@mfo/designer/components/Triggers";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { cmdbHook, nightly, STORY_FLOW_TYPE, secret, triggersFake } from "../fixtures/triggers.js";

const meta = {
  title: "Designer/Triggers",
  component: TriggersPanel,
  args: { api: storyApi(), flowType: STORY_FLOW_TYPE, latest: 3, origin: "https://mfo.example.com" },
  decorators: [
    (Story) => (
      <div style={{ display: "flex", height: "100vh", justifyContent: "flex-end" }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof TriggersPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** How long a wait on the debounced preview may take. */
const SLOW = { timeout: 5000 };

const secrets = [secret("cmdb-token", [], [cmdbHook.id]), secret("github-hmac")];

/** A flow never published has nothing to start: the panel says so and asks for nothing. */
export const NotPublished: Story = {
  args: { latest: null },
  parameters: { msw: { handlers: [] } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("Publish the flow first");
  },
};

/** A schedule with its next due time and last run, and a webhook with its address and an example call. */
export const Typical: Story = {
  parameters: { msw: { handlers: triggersFake({ schedules: [nightly], hooks: [cmdbHook], secrets }).handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const schedule = await canvas.findByRole("listitem", { name: "Schedule Nightly review" });
    await expect(within(schedule).getByText("30 2 * * *")).toBeVisible();
    await expect(within(schedule).getByRole("link", { name: "open instance" })).toHaveAttribute(
      "href",
      `/instances/${nightly.lastRun?.instanceId}`,
    );
    // Schedules and webhooks load on their own: the webhook row may come after the schedule row.
    const hook = await canvas.findByRole("listitem", { name: "Webhook CMDB export" });
    await expect(within(hook).getByRole("textbox", { name: "Address of CMDB export" })).toHaveValue(
      `https://mfo.example.com/api/v1/hooks/${cmdbHook.id}`,
    );
    await userEvent.click(within(hook).getByText("Example call"));
    await expect(within(hook).getByText(/X-Hook-Token: <value of secret cmdb-token>/)).toBeVisible();
  },
};

const adding = triggersFake({ secrets });

/** Typing a cron expression previews its next 5 due times; a bad one is named on the field, by the runtime. */
export const AddsASchedule: Story = {
  parameters: { msw: { handlers: adding.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Add schedule" }));
    const form = canvas.getByRole("form", { name: "New schedule" });
    const cron = within(form).getByRole("textbox", { name: "Cron expression" });
    await userEvent.type(cron, "bad");
    // The preview is asked for once typing pauses (debounced): give it time on a loaded machine.
    await expect(await within(form).findByText(/is not a cron expression/, {}, SLOW)).toBeVisible();
    await expect(cron).toHaveAttribute("aria-invalid", "true");
    await userEvent.clear(cron);
    await userEvent.click(within(form).getByText("Examples"));
    await userEvent.click(within(form).getByRole("button", { name: "30 2 * * *" }));
    const preview = within(form).getByRole("region", { name: "Next due times" });
    await waitFor(() => expect(within(preview).getAllByRole("listitem")).toHaveLength(5), SLOW);
    const zone = within(form).getByRole("combobox", { name: "Time zone" });
    await userEvent.clear(zone);
    await userEvent.type(zone, "Europe/Berlin");
    await userEvent.type(within(form).getByRole("textbox", { name: "Name" }), "Nightly");
    await userEvent.click(within(form).getByRole("button", { name: "Add schedule" }));
    await expect(await canvas.findByRole("listitem", { name: "Schedule Nightly" })).toBeVisible();
    await expect(adding.bodies.at(-1)).toMatchObject({
      cron: "30 2 * * *",
      timezone: "Europe/Berlin",
      name: "Nightly",
    });
  },
};

const pausing = triggersFake({ schedules: [nightly], secrets });

/** Pause and Resume act at once; Delete asks first. */
export const PausesResumesAndDeletes: Story = {
  parameters: { msw: { handlers: pausing.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const row = await canvas.findByRole("listitem", { name: "Schedule Nightly review" });
    await userEvent.click(within(row).getByRole("button", { name: "Pause" }));
    await expect(await within(row).findByRole("button", { name: "Resume" })).toBeVisible();
    await expect(within(row).getByText("paused", { selector: ".status" })).toBeVisible();
    await userEvent.click(within(row).getByRole("button", { name: "Resume" }));
    await userEvent.click(await within(row).findByRole("button", { name: "Delete" }));
    const dialog = canvas.getByRole("alertdialog", { name: "Delete the schedule “Nightly review”?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(canvas.queryByRole("listitem", { name: "Schedule Nightly review" })).toBeNull());
    await expect(pausing.requests).toEqual([
      `POST schedules/${nightly.id}/pause`,
      `POST schedules/${nightly.id}/resume`,
      `DELETE schedules/${nightly.id}`,
    ]);
  },
};

const hooking = triggersFake({ secrets });

/** The secret is picked from the tenant's secrets; "result" asks for a response expression and a wait. */
export const AddsAWebhook: Story = {
  parameters: { msw: { handlers: hooking.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Add webhook" }));
    const form = canvas.getByRole("form", { name: "New webhook" });
    await expect(within(form).getByRole("link", { name: "Add a secret on the Secrets page" })).toHaveAttribute(
      "href",
      "/secrets",
    );
    await userEvent.type(within(form).getByRole("textbox", { name: "Name" }), "GitHub push");
    await userEvent.selectOptions(within(form).getByRole("combobox", { name: "Authentication" }), "hmac");
    await waitFor(() => expect(within(form).getByRole("option", { name: "github-hmac" })).toBeInTheDocument());
    await userEvent.selectOptions(within(form).getByRole("combobox", { name: "Secret" }), "github-hmac");
    await userEvent.selectOptions(within(form).getByRole("combobox", { name: "Answer" }), "result");
    await userEvent.type(within(form).getByRole("textbox", { name: /^Response/ }), '{{ "ok": output.done }');
    await userEvent.click(within(form).getByRole("button", { name: "Add webhook" }));
    const row = await canvas.findByRole("listitem", { name: "Webhook GitHub push" });
    await expect(within(row).getByText(/HMAC signature in X-Hub-Signature-256/)).toBeVisible();
    await expect(hooking.bodies.at(-1)).toMatchObject({
      name: "GitHub push",
      auth: { type: "hmac", secret: "github-hmac" },
      respond: "result",
      response: '{ "ok": output.done }',
      timeoutMs: 10000,
    });
  },
};
