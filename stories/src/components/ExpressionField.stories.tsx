import { ExpressionField } from "@mfo/designer/components/ExpressionField";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { LiveExpressionField } from "../fixtures/live.js";

const LONG_EXPRESSION = `{
  'servers': $count(input.servers),
  'byPlatform': input.servers{ platform: $count(name) },
  'unknown': input.servers[platform = 'unknown'].name,
  'oldest': $sort(input.servers, function($a, $b) { $a.installed > $b.installed })[0].name,
  'summary': 'Imported ' & $string($count(input.servers)) & ' servers from ' & input.source & ' on ' & $now()
}`;

const meta = {
  title: "Designer/ExpressionField",
  component: ExpressionField,
  // The editor is controlled; the harness keeps what is typed so a play function can type into it.
  render: (args) => <LiveExpressionField {...args} />,
  args: {
    id: "expression",
    label: "Condition (JSONata)",
    value: "phases.risk.output.level = 'high'",
    onChange: fn(),
    disabled: false,
    invalid: false,
  },
} satisfies Meta<typeof ExpressionField>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Valid: Story = {
  play: async ({ canvasElement }) => {
    const editor = within(canvasElement).getByRole("textbox", { name: "Condition (JSONata)" });
    await expect(editor).toHaveAttribute("aria-invalid", "false");
    await expect(within(canvasElement).queryByRole("alert")).toBeNull();
  },
};

export const Empty: Story = { args: { value: "", placeholder: "e.g. input.count > 3" } };

export const Invalid: Story = {
  args: { value: "phases.risk.output.(level = 'high'" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("alert")).toHaveTextContent(
      /Expected "\)" before end of expression \(at character \d+\)/,
    );
  },
};

/** A multi-line expression: the editor grows with it (up to 12 rows) and a parse error names line and column. */
export const Long: Story = {
  args: { label: "Expression (JSONata)", value: LONG_EXPRESSION },
  play: async ({ canvasElement }) => {
    const editor = within(canvasElement).getByRole("textbox", { name: "Expression (JSONata)" });
    await expect(editor).toHaveAttribute("rows", "7");
    await expect(editor).toHaveAttribute("aria-invalid", "false");
  },
};

export const LongInvalid: Story = {
  args: { label: "Expression (JSONata)", value: LONG_EXPRESSION.replace("$count(name) }", "$count(name) ") },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("alert")).toHaveTextContent(/, line \d+ column \d+$/);
  },
};

/** Marked invalid for a problem found elsewhere (validateFlow), though it parses. */
export const InvalidElsewhere: Story = { args: { invalid: true, value: "input.count" } };

export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("textbox")).toBeDisabled();
  },
};

/** Typing: the parse error appears as the expression breaks and goes once it parses again. */
export const ShowsParseErrorAsYouType: Story = {
  args: { value: "" },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const editor = canvas.getByRole("textbox", { name: "Condition (JSONata)" });
    await userEvent.type(editor, "input.(count");
    await expect(args.onChange).toHaveBeenLastCalledWith("input.(count");
    const alert = canvas.getByRole("alert");
    await expect(alert).toHaveTextContent(/^Expected "\)" before end of expression \(at character \d+\)$/);
    await expect(editor).toHaveAttribute("aria-invalid", "true");
    await expect(editor).toHaveAccessibleDescription(alert.textContent ?? "");
    await userEvent.type(editor, ") > 3");
    await expect(canvas.queryByRole("alert")).toBeNull();
    await expect(editor).toHaveAttribute("aria-invalid", "false");
    await expect(args.onChange).toHaveBeenLastCalledWith("input.(count) > 3");
  },
};
