import { JsonView, jsonViewText } from "@mfo/designer/components/JsonView";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { assessment, discovery, generated } from "../fixtures/examples.js";
import { LiveJsonView } from "../fixtures/live.js";

type Spy = ReturnType<typeof fn>;
const large = generated(1000);
const json = (value: unknown) => JSON.stringify(value, null, 2);
const textOf = (root: HTMLElement) => jsonViewText(root);
const editorOf = (root: HTMLElement) => within(root).getByRole("textbox", { name: "Flow definition as JSON" });

/** Replaces the whole text the way a person would: select all, paste. */
async function pasteOver(root: HTMLElement, text: string) {
  await userEvent.click(editorOf(root));
  await userEvent.keyboard("{Control>}a{/Control}");
  await userEvent.paste(text);
}

/** The drawn line holding `text` (the editor draws the lines in view). */
const lineWith = (root: HTMLElement, text: string) =>
  [...root.querySelectorAll<HTMLElement>(".cm-line")].find((l) => l.textContent?.includes(text));

const meta = {
  title: "Designer/JsonView",
  component: JsonView,
  // The editor applies each command and hands the new document back (with its validation errors); so does this.
  render: (args) => (
    <div style={{ height: 560, display: "flex" }}>
      <LiveJsonView {...args} />
    </div>
  ),
  args: { doc: assessment, onCommand: fn(), readOnly: false },
  argTypes: { doc: { control: "object" } },
} satisfies Meta<typeof JsonView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A code editor: the definition, highlighted, with line numbers and fold markers. */
export const Typical: Story = {
  play: async ({ canvasElement }) => {
    await expect(editorOf(canvasElement)).toBeVisible();
    await expect(textOf(canvasElement)).toBe(json(assessment));
    await expect(canvasElement.querySelector(".cm-lineNumbers")).not.toBeNull();
    await expect(canvasElement.querySelectorAll(".cm-foldGutter span[title]").length).toBeGreaterThan(0);
  },
};

/**
 * The round trip: a valid edit replaces the document (one command with the new definition, once typing pauses);
 * text that is not JSON says where it breaks, is kept for fixing and changes nothing; fixing it applies it.
 */
export const EditRoundTrip: Story = {
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onCommand = args.onCommand as Spy;
    const renamed = { ...assessment, name: "Assessment, revised" };

    await step("a valid edit emits the new definition", async () => {
      await pasteOver(canvasElement, json(renamed));
      await waitFor(() => expect(onCommand).toHaveBeenLastCalledWith({ kind: "replaceDocument", doc: renamed }));
      await expect(canvas.queryByRole("alert")).toBeNull();
    });

    await step("invalid JSON shows an error at its line and keeps the previous definition", async () => {
      onCommand.mockClear();
      const broken = json({ ...renamed, name: "Half typed" }).replace(
        '"name": "Half typed",',
        '"name": "Half typed",,',
      );
      await pasteOver(canvasElement, broken);
      const alert = await canvas.findByRole("alert");
      await expect(alert).toHaveTextContent(/^Not applied: .*JSON/);
      const editor = editorOf(canvasElement);
      await waitFor(() => expect(editor).toHaveAttribute("aria-invalid", "true"));
      await expect(editor).toHaveAccessibleDescription(alert.textContent ?? "");
      await waitFor(() => expect(lineWith(canvasElement, ",,")?.querySelector(".cm-lintRange-error")).not.toBeNull());
      await expect(textOf(canvasElement)).toBe(broken);
      await expect(onCommand).not.toHaveBeenCalled();
      editor.blur();
      await new Promise((r) => setTimeout(r, 300));
      await expect(textOf(canvasElement)).toBe(broken);
    });

    await step("a flow definition is an object", async () => {
      await pasteOver(canvasElement, "[1, 2]");
      await waitFor(() =>
        expect(canvas.getByRole("alert")).toHaveTextContent("Not applied: a flow definition is a JSON object"),
      );
      await expect(onCommand).not.toHaveBeenCalled();
    });

    await step("fixing it applies it", async () => {
      const fixed = { ...renamed, name: "Half typed" };
      await pasteOver(canvasElement, json(fixed));
      await waitFor(() => expect(canvas.queryByRole("alert")).toBeNull());
      await waitFor(() => expect(editorOf(canvasElement)).toHaveAttribute("aria-invalid", "false"));
      await expect(onCommand).toHaveBeenCalledTimes(1);
      await expect(onCommand).toHaveBeenLastCalledWith({ kind: "replaceDocument", doc: fixed });
    });
  },
};

/** Half-way through an edit that does not parse yet; "Discard my edit" brings the document back. */
export const InvalidJsonBeingEdited: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(editorOf(canvasElement));
    await userEvent.keyboard("{Control>}{End}{/Control}{Backspace}{Backspace}");
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/^Not applied: /);
    await expect(args.onCommand).not.toHaveBeenCalled();
    await userEvent.click(canvas.getByRole("button", { name: "Discard my edit" }));
    await waitFor(() => expect(textOf(canvasElement)).toBe(json(assessment)));
    await expect(canvas.queryByRole("alert")).toBeNull();
  },
};

/** A value the schema refuses: the validation error sits on the line of the value its pointer names. */
export const ProblemsAtTheirLines: Story = {
  args: { doc: { ...assessment, name: "" } as FlowDefinition },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(lineWith(canvasElement, '"name": ""')?.querySelector(".cm-lintRange-error")).not.toBeNull(),
    );
    await expect(canvasElement.querySelectorAll(".cm-lint-marker-error").length).toBeGreaterThan(0);
  },
};

/** Completion from the flow schema: in a node, the properties its type allows (Ctrl+Space asks). */
export const CompletesFromTheSchema: Story = {
  play: async ({ canvasElement }) => {
    // To the end of the start node's id line, by keyboard, and a new key there.
    const down = json(assessment)
      .split("\n")
      .findIndex((l) => l.includes('"id": "start"'));
    await userEvent.click(editorOf(canvasElement));
    await userEvent.keyboard(`{Control>}{Home}{/Control}${"{ArrowDown}".repeat(down)}{End}{Enter}"la`);
    await userEvent.keyboard("{Control>} {/Control}");
    const options = await within(document.body).findAllByRole("option");
    await expect(options.map((o) => o.querySelector(".cm-completionLabel")?.textContent)).toEqual(["label"]);
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(lineWith(canvasElement, '"label": ')).toBeDefined());
  },
};

/** Importing a file is the same as pasting it. */
export const ImportsAFile: Story = {
  play: async ({ canvasElement, args }) => {
    const file = new File([json(discovery)], "discovery.json", { type: "application/json" });
    await userEvent.upload(within(canvasElement).getByLabelText("Import"), file);
    // The file is read asynchronously: the command and then the text follow when it has been read.
    await waitFor(() => expect(args.onCommand).toHaveBeenLastCalledWith({ kind: "replaceDocument", doc: discovery }));
    await waitFor(() => expect(textOf(canvasElement)).toBe(json(discovery)));
  },
};

/** A published version: shown, downloadable, not editable. */
export const ReadOnly: Story = {
  args: { readOnly: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const editor = editorOf(canvasElement);
    await expect(editor).toHaveAttribute("aria-readonly", "true");
    await userEvent.type(editor, "oops");
    await expect(textOf(canvasElement)).toBe(json(assessment));
    await expect(canvas.getByLabelText("Import")).toBeDisabled();
    await expect(canvas.getByRole("button", { name: "Download" })).toBeEnabled();
    await expect(args.onCommand).not.toHaveBeenCalled();
  },
};

/** A generated flow of 1,000 nodes. */
export const Large: Story = {
  args: { doc: large },
  play: async ({ canvasElement }) => {
    await expect(large.nodes.length).toBeGreaterThanOrEqual(1000);
    await expect(textOf(canvasElement)).toBe(json(large));
  },
};
