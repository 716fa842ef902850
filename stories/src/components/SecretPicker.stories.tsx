import { SchemaForm } from "@mfo/designer/components/SchemaForm";
import { SecretNamesProvider, SecretPicker } from "@mfo/designer/components/SecretPicker";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, fn, userEvent, within } from "storybook/test";
import { catalogue } from "../fixtures/examples.js";

const http = catalogue.handlers.find((h) => h.name === "http");

/** The http handler's params form, as the inspector shows it, with the tenant's secrets to pick from. */
function HttpParams({ names, initial }: { names: string[]; initial: Record<string, unknown> }) {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <SecretNamesProvider names={names}>
      <div style={{ width: 340, padding: 10 }}>
        <SchemaForm schema={http?.paramsSchema ?? {}} value={value} onChange={setValue} idPrefix="params" />
        <pre data-testid="value">{JSON.stringify(value)}</pre>
      </div>
    </SecretNamesProvider>
  );
}

const meta = {
  title: "Designer/SecretPicker",
  component: SecretPicker,
  args: { label: "Authorization", names: ["crm-token", "erp-token"], onPick: fn() },
} satisfies Meta<typeof SecretPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Alone: Story = {
  play: async ({ canvasElement, args }) => {
    const picker = within(canvasElement).getByRole("combobox", { name: "Use secret for Authorization" });
    await userEvent.selectOptions(picker, "erp-token");
    await expect(args.onPick).toHaveBeenCalledWith("erp-token");
    // It is an action, not a stored choice: it shows its prompt again.
    await expect(picker).toHaveValue("");
  },
};

export const NoSecrets: Story = {
  args: { names: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("combobox")).toBeDisabled();
  },
};

/** In the http params: a header reads a secret, keeping its "Bearer " prefix; the form shows it as an expression. */
export const InHttpHeaders: Story = {
  render: () => (
    <HttpParams
      names={["crm-token", "erp-token"]}
      initial={{ url: "https://crm.example.com/api", headers: { Authorization: "Bearer " } }}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(
      canvas.getByRole("combobox", { name: /^Use secret for .*Authorization/ }),
      "crm-token",
    );
    await expect(canvas.getByTestId("value")).toHaveTextContent(
      JSON.stringify({
        url: "https://crm.example.com/api",
        headers: { Authorization: '="Bearer " & $secret("crm-token")' },
      }),
    );
  },
};
