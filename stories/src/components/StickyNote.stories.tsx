import { Canvas } from "@mfo/designer/components/Canvas";
import { Markdown, StickyNoteView } from "@mfo/designer/components/StickyNote";
import { notesToGraph } from "@mfo/designer/core";
import type { FlowDefinition } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { ReactFlow } from "@xyflow/react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { graphOf, unconnected } from "../fixtures/canvas.js";
import { onCanvas } from "../fixtures/on-canvas.js";

/** The unconnected flow with two notes beside it: one in markdown, one blue and empty. */
const annotated: FlowDefinition = {
  ...unconnected,
  ui: {
    notes: [
      {
        id: "note-1",
        x: 0,
        y: 140,
        width: 300,
        height: 170,
        text: "# Review\n- check **risk** first\n- see [the runbook](https://example.org/runbook)\n\n`phases.review`",
      },
      { id: "note-2", x: 340, y: 140, width: 200, height: 100, text: "", color: "blue" },
    ],
  },
};

const meta = {
  title: "Designer/StickyNote",
  component: Canvas,
  decorators: [onCanvas(460)],
  args: {
    graph: graphOf(annotated),
    notes: notesToGraph(annotated),
    selection: { nodes: [], edges: [] },
    readOnly: false,
    onCommand: fn(),
    onDragEnd: fn(),
  },
  argTypes: { graph: { control: false }, notes: { control: false } },
} satisfies Meta<typeof Canvas>;

export default meta;
type Story = StoryObj<typeof meta>;

async function shownNote(root: HTMLElement, id: string) {
  const note = await within(root).findByTestId(`note-${id}`);
  await waitFor(() => expect(note).toBeVisible());
  return note;
}

/** Notes render their markdown behind the flow's nodes (they are not flow nodes: none of them has a badge). */
export const Rendered: Story = {
  play: async ({ canvasElement }) => {
    const note = await shownNote(canvasElement, "note-1");
    await expect(note.querySelector(".md-h1")).toHaveTextContent("Review");
    await expect(within(note).getByText("risk").tagName).toBe("STRONG");
    await expect(within(note).getByRole("link", { name: "the runbook" })).toHaveAttribute(
      "href",
      "https://example.org/runbook",
    );
    await expect(
      within(await shownNote(canvasElement, "note-2")).getByText("Double-click to write (markdown)"),
    ).toBeVisible();
    const wrapper = note.closest(".react-flow__node") as HTMLElement;
    await expect(Number(wrapper.style.zIndex)).toBeLessThan(0);
    await expect(canvasElement.querySelectorAll(".flow-node")).toHaveLength(unconnected.nodes.length);
  },
};

/** Double-click, type, click away: one updateNote with the whole text (one undo step, not one per key). */
export const EditsOnDoubleClick: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.dblClick(await shownNote(canvasElement, "note-2"));
    const text = await within(canvasElement).findByRole("textbox", { name: "Note text (markdown)" });
    await expect(text).toHaveFocus();
    await userEvent.type(text, "**Ask ops**");
    await expect(args.onCommand).not.toHaveBeenCalled();
    await userEvent.click(canvasElement.querySelector(".react-flow__pane") as HTMLElement);
    await expect(args.onCommand).toHaveBeenCalledTimes(1);
    await expect(args.onCommand).toHaveBeenCalledWith({
      kind: "updateNote",
      id: "note-2",
      patch: { text: "**Ask ops**" },
    });
    await expect(within(canvasElement).queryByRole("textbox", { name: "Note text (markdown)" })).toBeNull();
  },
};

/** Escape leaves the text as it was; keys typed in the note never reach the canvas (Backspace deletes a letter). */
export const EscapeCancels: Story = {
  args: { selection: { nodes: ["note:note-1"], edges: [] } },
  play: async ({ canvasElement, args }) => {
    await userEvent.dblClick(await shownNote(canvasElement, "note-1"));
    const text = await within(canvasElement).findByRole("textbox", { name: "Note text (markdown)" });
    await userEvent.type(text, "{Backspace}{Backspace}{Escape}");
    await expect(within(canvasElement).queryByRole("textbox")).toBeNull();
    await expect(args.onCommand).not.toHaveBeenCalled();
  },
};

/** A selected note shows its resize handles and its toolbar; a colour is one updateNote. */
export const SelectedShowsTools: Story = {
  args: { selection: { nodes: ["note:note-2"], edges: [] } },
  play: async ({ canvasElement, args }) => {
    const note = await shownNote(canvasElement, "note-2");
    await waitFor(() => expect(note.querySelectorAll(".react-flow__resize-control.handle")).toHaveLength(4));
    await userEvent.click(within(note).getByRole("button", { name: "Colour pink" }));
    await expect(args.onCommand).toHaveBeenCalledWith({ kind: "updateNote", id: "note-2", patch: { color: "pink" } });
    await userEvent.click(within(note).getByRole("button", { name: "Edit" }));
    await expect(within(canvasElement).getByRole("textbox", { name: "Note text (markdown)" })).toHaveFocus();
  },
};

/** Delete removes a selected note through the canvas's deletion (its canvas id names it as a note). */
export const DeletesSelectedNote: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.click(await shownNote(canvasElement, "note-2"));
    await userEvent.keyboard("{Delete}");
    await waitFor(() =>
      expect(args.onCommand).toHaveBeenCalledWith({
        kind: "batch",
        commands: [{ kind: "removeNodes", ids: ["note:note-2"] }],
      }),
    );
  },
};

/** A published version: notes are shown, but neither edited nor resized. */
export const ReadOnly: Story = {
  args: { readOnly: true, selection: { nodes: ["note:note-1"], edges: [] } },
  play: async ({ canvasElement, args }) => {
    const note = await shownNote(canvasElement, "note-1");
    await userEvent.dblClick(note);
    await expect(within(canvasElement).queryByRole("textbox")).toBeNull();
    await expect(note.querySelector(".react-flow__resize-control")).toBeNull();
    await expect(args.onCommand).not.toHaveBeenCalled();
  },
};

/**
 * What a shared flow's note cannot do: raw HTML shows as text, a javascript: link is plain text, an image shows
 * its alt text and loads nothing. (The note component outside the editor's canvas, in a bare React Flow.)
 */
export const MarkdownIsInert: Story = {
  render: () => (
    <div style={{ display: "flex", gap: 16, height: 440, width: "100%" }}>
      <div style={{ width: 320, padding: 8 }} data-testid="markdown">
        <Markdown
          text={
            '<img src="x" onerror="window.hacked=1"> **bold**\n\n[click](javascript:window.hacked=2) ![logo](https://example.org/logo.png)\n\n<script>window.hacked=3</script>'
          }
        />
      </div>
      <div style={{ flex: 1 }}>
        <ReactFlow
          nodes={[
            {
              id: "note:bare",
              type: "note",
              position: { x: 20, y: 20 },
              width: 220,
              height: 120,
              data: { note: { id: "bare", x: 20, y: 20, width: 220, height: 120, text: "_Read-only_ note" } },
            },
          ]}
          nodeTypes={{ note: StickyNoteView }}
          proOptions={{ hideAttribution: true }}
        />
      </div>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const markdown = within(canvasElement).getByTestId("markdown");
    await expect(markdown.querySelector("img, script, [onerror]")).toBeNull();
    await expect(markdown).toHaveTextContent('<img src="x" onerror="window.hacked=1">');
    await expect(within(markdown).queryByRole("link")).toBeNull();
    await expect(markdown).toHaveTextContent("click");
    await expect(markdown).toHaveTextContent("logo");
    await expect((window as { hacked?: number }).hacked).toBeUndefined();
    await expect(within(canvasElement).getByText("Read-only").tagName).toBe("EM");
  },
};
