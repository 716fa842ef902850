/**
 * Reading cron expressions in a time zone: the due times croner gives across the two DST changes of 2026 in
 * Europe/Berlin (what docs/API.md "Schedules" states), and the 422 each kind of malformed input answers.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { cronErrors, readCron } from "./cron.js";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("a daily 02:30 schedule in Europe/Berlin", () => {
  const daily = readCron("30 2 * * *", "Europe/Berlin");

  it("on the spring-forward day (2026-03-29, 02:00 -> 03:00) fires once, at 03:00 CEST", () => {
    // 02:30 does not exist that day: croner runs a fixed-time job at the first valid time after the gap.
    expect(iso(daily.nextRuns(3, new Date("2026-03-28T00:00:00Z")))).toEqual([
      "2026-03-28T01:30:00.000Z", // 02:30 CET (UTC+1)
      "2026-03-29T01:00:00.000Z", // 03:00 CEST (UTC+2): the first valid time after the gap
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("on the fall-back day (2026-10-25, 03:00 -> 02:00) fires once, at the first 02:30 (CEST)", () => {
    // 02:30 happens twice that day: a fixed-time job runs at the first occurrence only.
    expect(iso(daily.nextRuns(3, new Date("2026-10-24T00:00:00Z")))).toEqual([
      "2026-10-24T00:30:00.000Z", // 02:30 CEST (UTC+2)
      "2026-10-25T00:30:00.000Z", // the first 02:30, still CEST; the second (01:30Z, CET) does not fire
      "2026-10-26T01:30:00.000Z", // 02:30 CET (UTC+1)
    ]);
  });

  it("an interval job runs on both passes through the repeated hour and skips the missing one", () => {
    const halfHourly = readCron("*/30 2 * * *", "Europe/Berlin");
    expect(iso(halfHourly.nextRuns(4, new Date("2026-10-24T22:00:00Z")))).toEqual([
      "2026-10-25T00:00:00.000Z", // 02:00 CEST
      "2026-10-25T00:30:00.000Z", // 02:30 CEST
      "2026-10-25T01:00:00.000Z", // 02:00 CET
      "2026-10-25T01:30:00.000Z", // 02:30 CET
    ]);
    // Spring forward: 02:00 and 02:30 do not exist on 2026-03-29, so the next run is the day after.
    expect(iso(halfHourly.nextRuns(1, new Date("2026-03-28T23:00:00Z")))).toEqual(["2026-03-30T00:00:00.000Z"]);
  });
});

describe("due times", () => {
  it("reads six fields as seconds first and is strictly after the moment given", () => {
    const everySecond = readCron("* * * * * *", "UTC");
    expect(iso(everySecond.nextRuns(2, new Date("2026-01-01T00:00:00.000Z")))).toEqual([
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:02.000Z",
    ]);
    expect(everySecond.nextAfter(new Date("2026-01-01T00:00:00.500Z"))?.toISOString()).toBe("2026-01-01T00:00:01.000Z");
    expect(iso(everySecond.previousRuns(2, new Date("2026-01-01T00:00:10.000Z")))).toEqual([
      "2026-01-01T00:00:09.000Z",
      "2026-01-01T00:00:08.000Z",
    ]);
  });

  it("reads five fields in the time zone given", () => {
    const nine = readCron("0 9 * * 1-5", "America/New_York");
    // After Friday 2026-01-02 09:00 EST: the weekend is skipped, Monday and Tuesday 09:00 EST (UTC-5).
    expect(iso(nine.nextRuns(2, new Date("2026-01-02T15:00:00Z")))).toEqual([
      "2026-01-05T14:00:00.000Z",
      "2026-01-06T14:00:00.000Z",
    ]);
  });
});

describe("validation", () => {
  it.each([
    ["61 * * * *", "UTC", "/cron", /minute/],
    ["* * *", "UTC", "/cron", /3 field\(s\)/],
    ["* * * * * * * *", "UTC", "/cron", /8 field\(s\)/],
    ["hello world a b c", "UTC", "/cron", /not valid/],
    ["0 0 30 2 *", "UTC", "/cron", /never due/],
    ["* * * * *", "Mars/Olympus", "/timezone", /not an IANA time zone/],
    ["* * * * *", "", "/timezone", /not an IANA time zone/],
  ])("%s in %s is refused at %s", (cron, zone, path, message) => {
    const errors = cronErrors(cron, zone);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe(path);
    expect(errors[0]?.message).toMatch(message);
  });

  it("accepts what croner reads: nicknames, names of days and months, L and #", () => {
    for (const cron of ["@daily", "@hourly", "0 0 * JAN-MAR MON", "0 0 L * *", "0 12 * * FRI#2"])
      expect(cronErrors(cron, "Europe/Berlin")).toEqual([]);
  });

  it("throws a 422 naming the field", () => {
    try {
      readCron("99 * * * *", "UTC");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).errors?.[0]?.path).toBe("/cron");
    }
  });
});
