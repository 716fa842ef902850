import { describe, expect, it } from "vitest";
import {
  curlExample,
  dueInBothZones,
  errorsByField,
  formatDue,
  hookAddress,
  isTimeZone,
  timeZones,
} from "./trigger-text.js";

const hook = {
  url: "/api/v1/hooks/h_abc123",
  auth: { type: "token" as const, secret: "crm-token" },
  idempotencyHeader: "Idempotency-Key",
};

describe("trigger text", () => {
  it("writes a due time in the zone asked for, with the zone's abbreviation", () => {
    // 01:30 UTC on a winter day is 02:30 in Berlin (CET, UTC+1).
    expect(formatDue("2026-12-02T01:30:00.000Z", "Europe/Berlin")).toMatch(/02:30:00.*(CET|GMT\+1)/);
    expect(formatDue("2026-12-02T01:30:00.000Z", "UTC")).toMatch(/01:30:00.*UTC/);
  });

  it("adds the schedule's zone only when it differs from the user's", () => {
    const iso = "2026-12-02T01:30:00.000Z";
    expect(dueInBothZones(iso, "UTC", "UTC").there).toBeUndefined();
    expect(dueInBothZones(iso, "Europe/Berlin", "UTC").there).toMatch(/02:30:00/);
  });

  it("knows the IANA zones, UTC first, and refuses a typo without throwing", () => {
    const zones = timeZones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Berlin");
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Europe/Berlinn")).toBe(false);
    expect(formatDue("2026-12-02T01:30:00.000Z", "Europe/Berlinn")).toMatch(/2026/);
  });

  it("writes the full address and a curl example with header names and placeholders, never a value", () => {
    expect(hookAddress(hook, "http://localhost:8080")).toBe("http://localhost:8080/api/v1/hooks/h_abc123");
    const curl = curlExample(hook, "https://mfo.example.com");
    expect(curl).toContain("curl -X POST 'https://mfo.example.com/api/v1/hooks/h_abc123'");
    expect(curl).toContain("-H 'X-Hook-Token: <value of secret crm-token>'");
    expect(curl).toContain("-H 'Idempotency-Key: <a unique id per event>'");
    const hmac = curlExample({ ...hook, auth: { type: "hmac", secret: "gh", header: "X-Sig" } }, "https://x.test");
    expect(hmac).toContain("-H 'X-Sig: sha256=<hex HMAC-SHA256 of the body keyed by secret gh>'");
  });

  it("sorts a 422's errors onto the form's fields", () => {
    expect(
      errorsByField([
        { path: "/cron", message: "not a cron expression" },
        { path: "/input/region", message: "must be string" },
        { path: "/input", message: "must have required property name" },
        { path: "", message: "flow type not published" },
      ]),
    ).toEqual({
      cron: "not a cron expression",
      input: "must be string; must have required property name",
      "": "flow type not published",
    });
  });
});
