import { TimelineScrubber } from "@mfo/designer/components/TimelineScrubber";
import type { FlowEvent } from "@mfo/schemas";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { assessmentAt } from "../fixtures/instances.js";

/** The scrubber holds no position of its own: the story keeps it, as the run view does (in the address). */
function Scrubbing(props: { events: FlowEvent[]; start?: number; onChange?: (at: number | undefined) => void }) {
  const [at, setAt] = useState<number | undefined>(props.start);
  return (
    <div style={{ width: 720 }}>
      <TimelineScrubber
        events={props.events}
        at={at}
        onChange={(next) => {
          setAt(next);
          props.onChange?.(next);
        }}
        labelOf={(id) => id.replace(/-/g, " ")}
      />
      <p data-testid="shown">{at === undefined ? "live" : `seq ${at}`}</p>
    </div>
  );
}

const events = assessmentAt.completed(1).events;

const meta = {
  title: "Designer/TimelineScrubber",
  component: Scrubbing,
  args: { events, onChange: fn() },
} satisfies Meta<typeof Scrubbing>;

export default meta;
type Story = StoryObj<typeof meta>;

const slider = (canvasElement: HTMLElement) => within(canvasElement).getByRole("slider", { name: "Event" });
const shown = (canvasElement: HTMLElement) => within(canvasElement).getByTestId("shown");

/** Live: the slider sits at the last event and says so; Live is off. */
export const Live: Story = {
  play: async ({ canvasElement }) => {
    const m = events.length;
    await expect(slider(canvasElement)).toHaveAttribute(
      "aria-valuetext",
      expect.stringMatching(`^event ${m} of ${m} · `),
    );
    await expect(within(canvasElement).getByTestId("scrubber-label")).toHaveTextContent(/^live · event/);
    await expect(within(canvasElement).getByRole("button", { name: "Live" })).toBeDisabled();
  },
};

/** The keyboard: Left/Right one event, Shift ten, Home/End the ends; Live goes back to the live view. */
export const Keyboard: Story = {
  play: async ({ canvasElement, args }) => {
    const m = events.length;
    slider(canvasElement).focus();
    await userEvent.keyboard("{ArrowLeft}");
    await expect(shown(canvasElement)).toHaveTextContent(`seq ${events[m - 2]?.seq}`);
    await userEvent.keyboard("{Shift>}{ArrowLeft}{/Shift}");
    await expect(shown(canvasElement)).toHaveTextContent(`seq ${events[m - 12]?.seq}`);
    await userEvent.keyboard("{Home}");
    await expect(shown(canvasElement)).toHaveTextContent(`seq ${events[0]?.seq}`);
    await expect(slider(canvasElement)).toHaveAttribute(
      "aria-valuetext",
      expect.stringMatching(/^event 1 of \d+ · .* · instance\.created$/),
    );
    await userEvent.keyboard("{ArrowRight}");
    await expect(slider(canvasElement)).toHaveAttribute(
      "aria-valuetext",
      expect.stringMatching(/^event 2 of .* · node\.entered · start$/),
    );
    await userEvent.keyboard("{End}");
    await expect(shown(canvasElement)).toHaveTextContent(`seq ${events[m - 1]?.seq}`);
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Live" }));
    await expect(shown(canvasElement)).toHaveTextContent("live");
    await expect(args.onChange).toHaveBeenLastCalledWith(undefined);
  },
};

/** Play at 4x from the first event moves on by itself; Pause stops it where it is. */
export const Play: Story = {
  args: { start: events[0]?.seq },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "4x" }));
    await expect(canvas.getByRole("button", { name: "4x" })).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(canvas.getByRole("button", { name: "Play replay" }));
    await waitFor(() => expect(shown(canvasElement)).toHaveTextContent(`seq ${events[3]?.seq}`), { timeout: 3000 });
    await userEvent.click(canvas.getByRole("button", { name: "Pause replay" }));
    const stopped = shown(canvasElement).textContent;
    await new Promise((r) => setTimeout(r, 400));
    await expect(shown(canvasElement)).toHaveTextContent(stopped ?? "");
  },
};
