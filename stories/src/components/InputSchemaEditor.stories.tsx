import { InputSchemaEditor, type InputSchemaEditorProps } from "@mfo/designer/components/InputSchemaEditor";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, fn, userEvent, within } from "storybook/test";

/** The editor with its schema kept in state, as the Flow panel keeps it in the document. */
function LiveEditor(args: InputSchemaEditorProps) {
  const [schema, setSchema] = useState<unknown>(args.schema);
  return (
    <div className="inspector" style={{ width: 340 }}>
      <InputSchemaEditor
        {...args}
        schema={schema}
        onChange={(next) => {
          args.onChange(next);
          setSchema(next);
        }}
      />
    </div>
  );
}

const meta = {
  title: "Designer/InputSchemaEditor",
  component: InputSchemaEditor,
  render: (args) => <LiveEditor {...args} />,
  args: { schema: undefined, onChange: fn(), references: [], readOnly: false },
} satisfies Meta<typeof InputSchemaEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const order = {
  type: "object",
  required: ["amount"],
  additionalProperties: false,
  examples: [{ amount: 120, level: "high" }],
  properties: {
    amount: { type: "number", minimum: 0, description: "order total in EUR" },
    level: { type: "string", enum: ["low", "high"], default: "low" },
  },
};

/** A flow without input: no fields yet, and a button to add one. */
export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(/No input fields/)).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Add field" })).toBeEnabled();
  },
};

/** Designing a field with the keyboard and mouse: add, name, required, allowed values; the schema follows. */
export const DesignsAField: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Add field" }));
    // The new field's name has the focus, selected: typing names it.
    const name = canvas.getByRole("textbox", { name: "Field name" });
    await expect(name).toHaveFocus();
    await userEvent.keyboard("level");
    const field = within(canvas.getByRole("group", { name: "Field level" }));
    await userEvent.click(field.getByRole("checkbox", { name: "Required" }));
    await userEvent.type(field.getByRole("textbox", { name: /Allowed values/ }), "low{Enter}high");
    await userEvent.type(field.getByRole("textbox", { name: "Field description" }), "how urgent");
    // Focus stayed in the field through every edit (one command each, the row never remounts).
    await expect(field.getByRole("textbox", { name: "Field description" })).toHaveFocus();
    const expected = {
      type: "object",
      properties: { level: { type: "string", description: "how urgent", enum: ["low", "high"] } },
      required: ["level"],
    };
    await expect(args.onChange).toHaveBeenLastCalledWith(expected);
    await userEvent.click(canvas.getByText("Input schema (JSON)"));
    const json = canvas.getByLabelText("Input schema as JSON");
    await expect(JSON.parse(json.textContent ?? "")).toEqual(expected);
  },
};

/** An existing schema: its fields, and the keywords the list does not model kept as JSON, never dropped. */
export const KeepsOtherKeywords: Story = {
  args: { schema: order },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const amount = within(canvas.getByRole("group", { name: "Field amount" }));
    await expect(amount.getByRole("combobox", { name: "Field type" })).toHaveValue("number");
    await expect(amount.getByRole("checkbox", { name: "Required" })).toBeChecked();
    await expect(amount.getByRole("textbox", { name: /Keywords such as/ })).toHaveValue('{\n  "minimum": 0\n}');
    // Renaming keeps the minimum, the other field and the schema's own keywords.
    const name = amount.getByRole("textbox", { name: "Field name" });
    await userEvent.clear(name);
    await expect(canvas.getByRole("alert")).toHaveTextContent("a field needs a name");
    await userEvent.type(name, "level");
    await expect(canvas.getByRole("alert")).toHaveTextContent('another field is called "level"');
    await userEvent.clear(name);
    await userEvent.type(name, "total");
    await expect(args.onChange).toHaveBeenLastCalledWith({
      ...order,
      required: ["total"],
      properties: { total: order.properties.amount, level: order.properties.level },
    });
  },
};

/** Fields the flow's expressions read but the schema lacks are offered in one click. */
export const AddsFieldsUsedByExpressions: Story = {
  args: { schema: order, references: ["amount", "region", "vip"] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Add fields used by expressions (region, vip)" }));
    await expect(canvas.getByRole("group", { name: "Field region" })).toBeVisible();
    await expect(canvas.getByRole("group", { name: "Field vip" })).toBeVisible();
    await expect(canvas.queryByRole("button", { name: /Add fields used by expressions/ })).toBeNull();
  },
};

/** Reordering: Move up puts a field first in the schema and in the run form. */
export const ReordersFields: Story = {
  args: { schema: order },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const level = within(canvas.getByRole("group", { name: "Field level" }));
    await userEvent.click(level.getByRole("button", { name: "Move up" }));
    const last = (args.onChange as ReturnType<typeof fn>).mock.lastCall?.[0] as { properties: object };
    await expect(Object.keys(last.properties)).toEqual(["level", "amount"]);
  },
};

/** A schema the list cannot show (not an object of fields) is edited as JSON, as it is. */
export const NotFields: Story = {
  args: { schema: { type: "array", items: { type: "string" } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox", { name: "Input schema (JSON)" })).toHaveValue(
      JSON.stringify({ type: "array", items: { type: "string" } }, null, 2),
    );
  },
};

/** A published version: everything shown, nothing editable. */
export const ReadOnly: Story = {
  args: { schema: order, readOnly: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("button", { name: "Add field" })).toBeDisabled();
    for (const input of canvas.getAllByRole("textbox", { name: "Field name" })) await expect(input).toBeDisabled();
  },
};
