/** The failed-authentication limiter and the client address it counts against, without a server. */
import { describe, expect, it } from "vitest";
import { addressKey, createAuthFailureLimiter } from "./auth-failures.js";

describe("the failed-authentication limiter", () => {
  it("blocks an address after `limit` failures until its window ends, with the wait in whole seconds", () => {
    let now = 0;
    const limiter = createAuthFailureLimiter(3, () => now, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor("a")).toBe(0);
      limiter.record("a");
    }
    expect(limiter.blockedFor("a")).toBe(60);
    expect(limiter.blockedFor("b")).toBe(0);
    now = 59_500;
    expect(limiter.blockedFor("a")).toBe(1);
    now = 60_000;
    expect(limiter.blockedFor("a")).toBe(0);
    limiter.record("a");
    expect(limiter.blockedFor("a")).toBe(0);
  });

  it("is off with a limit of 0", () => {
    const limiter = createAuthFailureLimiter(0, () => 0);
    for (let i = 0; i < 100; i++) limiter.record("a");
    expect(limiter.blockedFor("a")).toBe(0);
  });

  it("remembers a bounded number of addresses, forgetting the oldest window first", () => {
    let now = 0;
    const limiter = createAuthFailureLimiter(1, () => now, 60_000, 100);
    for (let i = 0; i < 100; i++) {
      limiter.record(`10.0.0.${i}`);
      now += 1;
    }
    expect(limiter.blockedFor("10.0.0.0")).toBeGreaterThan(0);
    limiter.record("10.0.1.0");
    expect(limiter.blockedFor("10.0.0.0")).toBe(0);
    expect(limiter.blockedFor("10.0.0.1")).toBeGreaterThan(0);
    expect(limiter.blockedFor("10.0.1.0")).toBeGreaterThan(0);
    // 100,000 distinct addresses still keep at most 100 windows: the oldest are gone.
    for (let i = 0; i < 100_000; i++) limiter.record(`x${i}`);
    expect(limiter.blockedFor("x99999")).toBeGreaterThan(0);
    expect(limiter.blockedFor("x99900")).toBeGreaterThan(0);
    expect(limiter.blockedFor("x99899")).toBe(0);
  });
});

describe("the client address a failure counts against", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:10.1.2.3", "10.1.2.3"],
    ["::1", "0:0:0:0::/64"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:DB8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
  ])("counts %s as %s", (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
