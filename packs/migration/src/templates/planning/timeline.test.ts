import type { HandlerContext } from "@mfo/runtime/pack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTimeline, createTimelineHandler, parseDate } from "./timeline.js";

describe("buildTimeline", () => {
  it("lays waves end to end on working days, skipping weekends and adding gaps", () => {
    // 2025-09-05 is a Friday.
    const timeline = buildTimeline(
      "2025-09-05",
      [
        { wave: 1, durationDays: 3 },
        { wave: 2, durationDays: 1 },
      ],
      { gapDays: 1 },
    );
    expect(timeline.waves).toEqual([
      { wave: 1, start: "2025-09-05", end: "2025-09-09", durationDays: 3 },
      { wave: 2, start: "2025-09-11", end: "2025-09-11", durationDays: 1 },
    ]);
    expect(timeline).toMatchObject({ startDate: "2025-09-05", endDate: "2025-09-11", totalDays: 5, calendarDays: 7 });
  });

  it("starts on the next working day, or counts every day when asked", () => {
    expect(buildTimeline("2025-09-06", [{ wave: 1, durationDays: 1 }]).waves[0]?.start).toBe("2025-09-08");
    expect(buildTimeline("2025-09-06", [{ wave: 1, durationDays: 2 }], { workingDaysOnly: false }).endDate).toBe(
      "2025-09-07",
    );
  });

  it("refuses dates that are not real", () => {
    expect(parseDate("2025-02-30")).toBeUndefined();
    expect(() => buildTimeline("soon", [])).toThrow(/not a date/);
  });

  it("waves never overlap, never start on a weekend, and the plan ends with the last wave", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        (date, durations, gapDays) => {
          const timeline = buildTimeline(
            date.toISOString().slice(0, 10),
            durations.map((d, i) => ({ wave: i + 1, durationDays: d })),
            { gapDays },
          );
          timeline.waves.forEach((w, i) => {
            expect([0, 6]).not.toContain(new Date(`${w.start}T00:00:00Z`).getUTCDay());
            expect(w.end >= w.start).toBe(true);
            const previous = timeline.waves[i - 1];
            if (previous) expect(w.start > previous.end).toBe(true);
          });
          expect(timeline.endDate).toBe(timeline.waves.at(-1)?.end);
        },
      ),
    );
  });

  it("runs as a handler with the plan's waves", async () => {
    const output = await createTimelineHandler().run(
      { startDate: "2025-01-06", waves: [{ wave: 1, durationDays: 5 }] },
      {} as HandlerContext,
    );
    expect(output).toMatchObject({ endDate: "2025-01-10" });
    await expect(
      createTimelineHandler().run({ startDate: "2025-01-06", waves: [{ wave: 1 }] }, {} as HandlerContext),
    ).rejects.toMatchObject({ code: "invalid-params" });
  });
});
