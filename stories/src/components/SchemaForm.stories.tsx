import { SchemaForm } from "@mfo/designer/components/SchemaForm";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { catalogue } from "../fixtures/examples.js";
import { sampleParams, shapes } from "../fixtures/forms.js";
import { LiveSchemaForm } from "../fixtures/live.js";

const paramsOf = (name: string) => {
  const entry = [...catalogue.handlers, ...catalogue.validators].find((e) => e.name === name);
  if (entry === undefined) throw new Error(`no catalogue entry ${name}`);
  return entry.paramsSchema;
};

type Spy = ReturnType<typeof fn>;

const meta = {
  title: "Designer/SchemaForm",
  component: SchemaForm,
  // The form is controlled; the harness keeps each value it emits (and shows it under the form).
  render: (args) => <LiveSchemaForm {...args} />,
  args: {
    schema: shapes.scalars,
    value: {},
    onChange: fn(),
    errors: [],
    idPrefix: "params",
    disabled: false,
    expressions: true,
  },
  argTypes: { schema: { control: "object" }, value: { control: "object" } },
} satisfies Meta<typeof SchemaForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Text, number, integer, checkbox, URL and long text inputs; required ones are marked. */
export const Scalars: Story = {
  args: { value: { name: "web-01", count: 12, dryRun: false, notes: "first line\nsecond line" } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const onChange = args.onChange as Spy;
    await expect(canvas.getByRole("textbox", { name: "Server name" })).toBeRequired();
    await expect(canvas.getByRole("textbox", { name: "Server name" })).toHaveAccessibleDescription(
      "as the CMDB knows it",
    );
    await expect(canvas.getByRole("spinbutton", { name: "Ratio" })).toHaveAttribute("placeholder", "0.5");

    const count = canvas.getByRole("spinbutton", { name: "Count" });
    await userEvent.clear(count);
    await userEvent.type(count, "40");
    await expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ count: 40 }));

    await userEvent.click(canvas.getByRole("checkbox", { name: "Dry run" }));
    await expect(onChange).toHaveBeenLastCalledWith(expect.not.objectContaining({ dryRun: expect.anything() }));

    // An emptied optional field stores no value rather than "".
    await userEvent.clear(canvas.getByRole("textbox", { name: "Notes" }));
    await expect(onChange).toHaveBeenLastCalledWith({ name: "web-01", count: 40 });
  },
};

/** Selects for enums and consts; an optional one offers "(none)" or its default. */
export const Enums: Story = {
  args: { schema: shapes.enums, value: { environment: "prod", replicas: 3 } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("combobox", { name: "Level" })).toHaveDisplayValue("default (info)");
    await userEvent.selectOptions(canvas.getByRole("combobox", { name: "Replicas" }), "5");
    await expect(args.onChange).toHaveBeenLastCalledWith({ environment: "prod", replicas: 5 });
  },
};

/** Objects inside objects become fieldsets named by their legend. */
export const NestedObjects: Story = {
  args: { schema: shapes.nested, value: { source: { system: "api", connection: { host: "cmdb.example.com" } } } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const connection = canvas.getByRole("group", { name: "Connection" });
    await userEvent.type(within(connection).getByRole("spinbutton", { name: "Port" }), "8443");
    await expect(args.onChange).toHaveBeenLastCalledWith({
      source: { system: "api", connection: { host: "cmdb.example.com", port: 8443 } },
    });
  },
};

/** Lists of scalars and of objects: add, reorder and remove items. */
export const Lists: Story = {
  args: { schema: shapes.lists, value: { tags: ["web", "linux"], owners: [{ name: "Ann" }] } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Move Tags 1 down" }));
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tags: ["linux", "web"] }));
    await userEvent.click(canvas.getByRole("button", { name: "Add tags item" }));
    await userEvent.type(canvas.getByRole("textbox", { name: "Tags 3" }), "eu");
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tags: ["linux", "web", "eu"] }));
    await userEvent.click(canvas.getByRole("button", { name: "Add owners item" }));
    await expect(canvas.getByRole("group", { name: "Owners 2" })).toBeVisible();
    // Removing the last item of an optional list removes the list.
    await userEvent.click(canvas.getByRole("button", { name: "Add ports item" }));
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.objectContaining({ ports: [1] }));
    await userEvent.click(canvas.getByRole("button", { name: "Remove Ports 1" }));
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.not.objectContaining({ ports: expect.anything() }));
  },
};

/** Free keys (`additionalProperties`): a key/value editor; a key that clashes is refused with a message. */
export const Maps: Story = {
  args: {
    schema: shapes.maps,
    value: { headers: { Accept: "application/json", "X-Trace": "abc" }, extra: { nested: { a: [1, 2] } } },
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const onChange = args.onChange as Spy;
    const key = canvas.getByRole("textbox", { name: "Headers key 2" });
    await userEvent.clear(key);
    await userEvent.type(key, "Accept");
    await expect(key).toHaveAccessibleDescription('there is already an entry "Accept"');
    onChange.mockClear();
    await userEvent.clear(key);
    await userEvent.type(key, "X-Request");
    await expect(key).toHaveAttribute("aria-invalid", "false");
    await expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ headers: { Accept: "application/json", "X-Request": "abc" } }),
    );
    await userEvent.click(canvas.getByRole("button", { name: "Add weights entry" }));
    await expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ weights: { key: 0 } }));
  },
};

/** The schema validator's param is itself a JSON Schema: JSON text, checked as a schema, without a ƒx toggle. */
export const JsonSchemaParam: Story = {
  args: { schema: paramsOf("schema"), value: sampleParams.schema },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const onChange = args.onChange as Spy;
    const text = canvas.getByRole("textbox", { name: "Schema" });
    await expect(canvas.queryByRole("button", { name: /expression for Schema/ })).toBeNull();

    await userEvent.clear(text);
    onChange.mockClear();
    await userEvent.type(text, "{{ not json");
    await expect(text).toHaveAccessibleDescription(/not valid JSON/);
    await expect(onChange).not.toHaveBeenCalled();

    await userEvent.clear(text);
    await userEvent.paste('{ "type": "nonsense" }');
    await expect(text).toHaveAccessibleDescription(/not a usable JSON Schema/);

    await userEvent.clear(text);
    await userEvent.paste('{ "type": "object", "required": ["records"] }');
    await expect(text).toHaveAttribute("aria-invalid", "false");
    await expect(onChange).toHaveBeenLastCalledWith({ schema: { type: "object", required: ["records"] } });
  },
};

/** JSONata fields (format "jsonata"), and the ƒx toggle that turns any other value into an "=" expression. */
export const Expressions: Story = {
  args: { schema: paramsOf("http"), value: { url: "=input.endpoint", method: "GET" } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const onChange = args.onChange as Spy;
    const toggle = canvas.getByRole("button", { name: "ƒx expression for Method" });
    await expect(canvas.getByRole("button", { name: "ƒx expression for URL" })).toHaveAttribute("aria-pressed", "true");

    // A literal becomes the expression with the same meaning, and back again unchanged.
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(onChange).toHaveBeenLastCalledWith({ url: "=input.endpoint", method: '="GET"' });
    const method = canvas.getByRole("textbox", { name: "Method" });
    await expect(method).toHaveValue('"GET"');
    await userEvent.click(toggle);
    await expect(onChange).toHaveBeenLastCalledWith({ url: "=input.endpoint", method: "GET" });

    // The expression editor reports a parse error as it is typed.
    const url = canvas.getByRole("textbox", { name: "URL" });
    await userEvent.type(url, ".(");
    await expect(url).toHaveAccessibleDescription(/\(at character \d+\)/);
    await expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ url: "=input.endpoint.(" }));
  },
};

/** The transform handler's JSONata param: an expression editor of its own, never a toggle. */
export const JsonataParam: Story = { args: { schema: paramsOf("transform"), value: sampleParams.transform } };

/**
 * Values that break the schema: errors land on the field at their pointer (a missing required one on that field,
 * an unknown property on the form), and a value no input can show is kept as JSON text rather than dropped.
 */
export const InvalidValues: Story = {
  args: {
    schema: paramsOf("log"),
    value: { level: "verbose", fields: { user: "ann" }, colour: "red" },
    errors: [
      { path: "", message: 'missing required property "message"' },
      { path: "/level", message: 'must be one of "debug", "info", "warn", "error"' },
      { path: "/colour", message: 'unknown property "colour"' },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox", { name: "Message" })).toHaveAccessibleDescription(
      'missing required property "message"',
    );
    await expect(canvas.getByRole("textbox", { name: "Level" })).toHaveValue('"verbose"');
    await expect(canvas.getByRole("textbox", { name: "Level" })).toHaveAccessibleDescription(/must be one of/);
    await expect(canvas.getByText('unknown property "colour"')).toBeVisible();
  },
};

/** Every built-in's params with sample values, disabled (a published version). */
export const Disabled: Story = {
  args: { schema: paramsOf("http"), value: sampleParams.http, disabled: true },
  play: async ({ canvasElement }) => {
    for (const control of canvasElement.querySelectorAll(".mfo-schema-form :is(input, select, textarea, button)")) {
      await expect(control).toBeDisabled();
    }
  },
};

/** Plain data (an instance's input): no ƒx toggles. */
export const PlainData: Story = {
  args: { schema: shapes.scalars, value: { name: "=not an expression" }, expressions: false },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole("button", { name: /ƒx/ })).toBeNull();
    await expect(canvas.getByRole("textbox", { name: "Server name" })).toHaveValue("=not an expression");
  },
};

export const Empty: Story = { args: { schema: paramsOf("http"), value: {} } };
