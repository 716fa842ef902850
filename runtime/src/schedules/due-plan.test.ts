/** The catch-up policy's arithmetic: which due times a claim fires, on time and after downtime. */
import { describe, expect, it } from "vitest";
import { readCron } from "./cron.js";
import { DEFAULT_GRACE_MS, planDue } from "./due-plan.js";

const T = new Date("2030-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T.getTime() + seconds * 1_000);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const everySecond = readCron("* * * * * *", "UTC");

describe("planDue", () => {
  it("fires every due time up to now when the earliest is at most the grace late (the ticker ran late)", () => {
    const plan = planDue({ nextDueAt: T, catchUp: "none", catchUpLimit: null }, everySecond, at(2.5));
    expect(iso(plan.fire)).toEqual(iso([T, at(1), at(2)]));
    expect(plan.next?.toISOString()).toBe(at(3).toISOString());
    expect(plan.skipped).toBeUndefined();
  });

  it("treats a due time later than the grace as missed, whatever the policy", () => {
    const late = at(DEFAULT_GRACE_MS / 1_000 + 0.5);
    expect(planDue({ nextDueAt: T, catchUp: "none", catchUpLimit: null }, everySecond, late).fire).toEqual([]);
    expect(iso(planDue({ nextDueAt: T, catchUp: "latest", catchUpLimit: null }, everySecond, late).fire)).toEqual([
      at(5).toISOString(),
    ]);
  });

  it("all fires no due time before the earliest unfired one, even when the limit allows more", () => {
    const plan = planDue({ nextDueAt: at(7), catchUp: "all", catchUpLimit: 100 }, everySecond, at(13.2));
    expect(iso(plan.fire)).toEqual(iso([at(7), at(8), at(9), at(10), at(11), at(12), at(13)]));
  });

  it("a daily schedule missed for three days with all:2 fires the last two days, oldest first", () => {
    const daily = readCron("30 2 * * *", "Europe/Berlin");
    const first = new Date("2030-01-01T01:30:00.000Z");
    const plan = planDue(
      { nextDueAt: first, catchUp: "all", catchUpLimit: 2 },
      daily,
      new Date("2030-01-03T12:00:00Z"),
    );
    expect(iso(plan.fire)).toEqual(["2030-01-02T01:30:00.000Z", "2030-01-03T01:30:00.000Z"]);
    expect(plan.next?.toISOString()).toBe("2030-01-04T01:30:00.000Z");
  });
});
