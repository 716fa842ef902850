/** MFO_TEST_RUN_RETENTION: the durations it takes, its default, and the one-line error for anything else. */
import { describe, expect, it } from "vitest";
import { readConfig } from "./config.js";
import { DEFAULT_TEST_RUN_RETENTION_MS, parseDuration } from "./test-run-sweeper.js";

describe("test-run retention", () => {
  it("reads days, hours, minutes and seconds", () => {
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration(" 30m ")).toBe(30 * 60_000);
    expect(parseDuration("45s")).toBe(45_000);
    for (const bad of ["", "7", "0d", "-1h", "1.5h", "7 days", "1w"]) expect(parseDuration(bad)).toBeUndefined();
  });

  it("keeps test runs 7 days unless MFO_TEST_RUN_RETENTION says otherwise, and names the variable when it is wrong", () => {
    expect(readConfig({}).testRunRetentionMs).toBe(DEFAULT_TEST_RUN_RETENTION_MS);
    expect(DEFAULT_TEST_RUN_RETENTION_MS).toBe(7 * 86_400_000);
    expect(readConfig({ MFO_TEST_RUN_RETENTION: "12h" }).testRunRetentionMs).toBe(12 * 3_600_000);
    expect(() => readConfig({ MFO_TEST_RUN_RETENTION: "a week" })).toThrow(/MFO_TEST_RUN_RETENTION must be a duration/);
  });
});
