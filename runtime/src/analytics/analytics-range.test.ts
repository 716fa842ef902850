import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { parseAnalyticsRange, parseInstant } from "./analytics-range.js";

const NOW = new Date("2025-06-15T12:00:00Z");

/** The JSON pointer a refused query names. */
function refusedAt(query: Record<string, string>): string | undefined {
  try {
    parseAnalyticsRange(query, NOW);
  } catch (error) {
    if (error instanceof AppError && error.status === 422) return error.errors?.[0]?.path;
    throw error;
  }
  return undefined;
}

describe("the analytics range", () => {
  it("defaults to the 24 hours before now", () => {
    expect(parseAnalyticsRange({}, NOW)).toEqual({ from: new Date("2025-06-14T12:00:00Z"), to: NOW });
    expect(parseAnalyticsRange({ to: "2025-01-02" }, NOW).from).toEqual(new Date("2025-01-01T00:00:00Z"));
  });

  it("reads ISO dates, date-times with offsets and fractions, and the flow type", () => {
    expect(parseAnalyticsRange({ from: "2025-06-01", to: "2025-06-02T10:00:00.5+02:00", flowType: "x" }, NOW)).toEqual({
      from: new Date("2025-06-01T00:00:00Z"),
      to: new Date("2025-06-02T08:00:00.500Z"),
      flowType: "x",
    });
    expect(parseInstant("2024-02-29T23:59:59Z")).toEqual(new Date("2024-02-29T23:59:59Z"));
  });

  it.each([
    ["a word", { from: "yesterday" }, "/from"],
    ["a day that does not exist", { from: "2025-02-30T00:00:00Z" }, "/from"],
    ["a time without an offset", { to: "2025-06-01T10:00:00" }, "/to"],
    ["an hour past 23", { to: "2025-06-01T24:00:00Z" }, "/to"],
    ["a year before 1970", { from: "1969-12-31" }, "/from"],
    ["an empty range", { from: "2025-06-01", to: "2025-06-01" }, "/from"],
    ["from after to", { from: "2025-06-02", to: "2025-06-01" }, "/from"],
    ["a range over 366 days", { from: "2024-01-01", to: "2025-01-02T00:00:00.001Z" }, "/to"],
    ["an empty flow type", { flowType: "" }, "/flowType"],
  ])("refuses %s with a 422 naming the parameter", (_, query, path) => {
    expect(refusedAt(query)).toBe(path);
  });

  it("accepts a range of exactly 366 days", () => {
    expect(refusedAt({ from: "2024-01-01", to: "2025-01-01" })).toBeUndefined();
  });
});
