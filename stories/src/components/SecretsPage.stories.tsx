import { SecretsPage } from "@mfo/designer/components/SecretsPage";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { storyApi } from "../fixtures/api.js";
import { cmdbHook, secret, triggersFake } from "../fixtures/triggers.js";

const meta = {
  title: "Designer/SecretsPage",
  component: SecretsPage,
  args: { api: storyApi() },
} satisfies Meta<typeof SecretsPage>;

export default meta;
type Story = StoryObj<typeof meta>;

const inUse = secret("crm-token", [{ flowType: "assessment", nodes: ["fetch-crm"] }]);
const hookSecret = secret("cmdb-token", [], [cmdbHook.id]);
const unused = secret("old-token");

/** Names, when and by whom, and what uses each one: never a value. */
export const Typical: Story = {
  parameters: { msw: { handlers: triggersFake({ secrets: [hookSecret, inUse, unused] }).handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const row = (await canvas.findByText("crm-token")).closest("tr") as HTMLElement;
    await expect(within(row).getByRole("link", { name: "assessment" })).toHaveAttribute(
      "href",
      "/flows/assessment/edit",
    );
    await expect(within(row).getByText("(fetch-crm)")).toBeVisible();
    await expect(canvas.getByText("nothing")).toBeVisible();
  },
};

export const Empty: Story = {
  parameters: { msw: { handlers: triggersFake().handlers } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText("No secrets yet.")).toBeVisible();
  },
};

const adding = triggersFake({ secrets: [inUse] });

/** The value goes in a password field, is sent once, and is not on the page afterwards. */
export const AddsASecret: Story = {
  parameters: { msw: { handlers: adding.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Add secret" }));
    const form = canvas.getByRole("form", { name: "New secret" });
    await userEvent.type(within(form).getByLabelText("Name"), "erp-token");
    const value = within(form).getByLabelText("Value");
    await expect(value).toHaveAttribute("type", "password");
    await userEvent.type(value, "s3cr3t-erp-value");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    await expect(await canvas.findByRole("status")).toHaveTextContent("Secret “erp-token” saved");
    await expect(await canvas.findByText("erp-token")).toBeVisible();
    await expect(adding.bodies.at(-1)).toEqual({ value: "s3cr3t-erp-value" });
    await expect(canvasElement.innerHTML).not.toContain("s3cr3t-erp-value");
  },
};

const replacing = triggersFake({ secrets: [inUse] });

export const ReplacesAValue: Story = {
  parameters: { msw: { handlers: replacing.handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Replace value of crm-token" }));
    const form = canvas.getByRole("form", { name: "Replace value of crm-token" });
    await userEvent.type(within(form).getByLabelText("New value"), "rotated");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    // The form closes once the runtime has answered (the request is recorded before the answer arrives).
    await expect(await canvas.findByRole("status", {}, { timeout: 5000 })).toHaveTextContent(
      "Secret “crm-token” saved",
    );
    await expect(canvas.queryByRole("form")).toBeNull();
    await expect(replacing.requests).toEqual(["PUT secrets/crm-token"]);
  },
};

/** The runtime refuses to delete a secret a published flow uses: the dialog stays open with its reason. */
export const DeleteRefusedWhileUsed: Story = {
  parameters: { msw: { handlers: triggersFake({ secrets: [inUse] }).handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Delete crm-token" }));
    const dialog = canvas.getByRole("alertdialog", { name: "Delete the secret “crm-token”?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      'secret "crm-token" is used by assessment',
    );
  },
};

/** A key that is not admin may list secrets but not set one: the API's message is shown on the form. */
export const NotAdmin: Story = {
  parameters: { msw: { handlers: triggersFake({ secrets: [unused], notAdmin: true }).handlers } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Add secret" }));
    const form = canvas.getByRole("form", { name: "New secret" });
    await userEvent.type(within(form).getByLabelText("Name"), "x");
    await userEvent.type(within(form).getByLabelText("Value"), "y");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    await expect(await within(form).findByRole("alert")).toHaveTextContent("admin is needed");
  },
};
