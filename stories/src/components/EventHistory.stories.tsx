import { EventHistory } from "@mfo/designer/components/EventHistory";
import type { FlowEvent } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { assessmentAt, decideSignOff, longNamesRun } from "../fixtures/instances.js";

const meta = {
  title: "Designer/EventHistory",
  component: EventHistory,
  args: { events: [] },
  // Beside the canvas in the run view, the history is a full-height column.
  decorators: [
    (Story) => (
      <div style={{ height: "100vh", display: "flex", justifyContent: "flex-end" }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof EventHistory>;

export default meta;
type Story = StoryObj<typeof meta>;

const items = (canvasElement: HTMLElement) =>
  within(within(canvasElement).getByRole("complementary", { name: "History" })).queryAllByRole("listitem");

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("heading", { name: "History" })).toBeVisible();
    await expect(items(canvasElement)).toHaveLength(0);
  },
};

/** A completed assessment's history: each event's type and node, in order. */
export const Typical: Story = {
  args: { events: assessmentAt.completed(1).events },
  play: async ({ canvasElement, args }) => {
    const shown = items(canvasElement);
    await expect(shown).toHaveLength(args.events.length);
    await expect(shown[0]).toHaveTextContent(/instance\.created$/);
    await expect(shown[1]).toHaveTextContent(/node\.entered start$/);
    await expect(shown.at(-1)).toHaveTextContent(/instance\.completed done$/);
    const time = shown[0]?.querySelector("time");
    await expect(time).toHaveAttribute("datetime", args.events[0]?.at);
  },
};

/** Operators' actions say who took them and what they said; the engine's own events say nothing more. */
const decided = assessmentAt.waitingForApproval(3);
decideSignOff(decided, "reject", "no rollback plan for the ledger cut-over");

export const OperatorNotes: Story = {
  // Three instances' operator events in one list, numbered anew (the history is keyed by seq).
  args: {
    events: [
      ...assessmentAt.paused(4).events,
      ...decided.events.slice(-4),
      ...assessmentAt.cancelled(5).events.slice(-1),
    ].map((e, i) => ({ ...e, seq: i + 1 })),
  },
  play: async ({ canvasElement }) => {
    const column = within(within(canvasElement).getByRole("complementary", { name: "History" }));
    await expect(column.getByText("paused by Dana (ops)")).toBeVisible();
    await expect(column.getByText("rejected by Dana (ops): no rollback plan for the ledger cut-over")).toBeVisible();
    await expect(column.getByText("cancelled by Dana (ops): billing is being retired instead")).toBeVisible();
    await expect(items(canvasElement)[0]).toHaveTextContent(/instance\.created$/);
  },
};

/** An instance that ran for a long time: a thousand events, scrolled within the column. */
const thousand: FlowEvent[] = Array.from({ length: 1000 }, (_, i) => ({
  seq: i + 1,
  type: ["node.entered", "node.started", "node.retrying", "node.completed"][i % 4] as string,
  nodeId: `batch-${Math.floor(i / 4) + 1}`,
  at: new Date(Date.parse("2026-11-20T09:30:00.000Z") + i * 5_000).toISOString(),
}));

export const VeryLong: Story = {
  args: { events: thousand },
  play: async ({ canvasElement }) => {
    const column = within(canvasElement).getByRole("complementary", { name: "History" });
    await expect(items(canvasElement)).toHaveLength(1000);
    await expect(items(canvasElement).at(-1)).toHaveTextContent("node.completed batch-250");
    // The column scrolls rather than stretching the page.
    await expect(column.scrollHeight).toBeGreaterThan(column.clientHeight);
  },
};

export const LongText: Story = {
  args: { events: longNamesRun(2).events },
  play: async ({ canvasElement }) => {
    const column = within(canvasElement).getByRole("complementary", { name: "History" });
    await expect(within(column).getAllByText(/extract-customer-and-contract-records/).length).toBeGreaterThan(0);
    // Long node ids wrap inside the column instead of widening it.
    await expect(column.scrollWidth).toBeLessThanOrEqual(column.clientWidth);
  },
};
