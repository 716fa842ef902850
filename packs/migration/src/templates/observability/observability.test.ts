import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planAlerting } from "./observability-alerts.js";
import { planSlos } from "./observability-slo.js";
import { reviewSoak } from "./observability-soak.js";

const services = [
  { name: "checkout", tier: "critical" as const },
  { name: "jobs", kind: "worker" as const },
  { name: "admin", tier: "internal" as const, latencyP95Ms: 2000 },
];

describe("slo-plan", () => {
  it("sets targets by tier unless given, with the error budget over the window and metrics by kind", () => {
    const slos = planSlos(services);
    expect(slos.map((s) => [s.service, s.availabilityTarget, s.latencyP95Ms, s.errorBudgetMinutes])).toEqual([
      ["checkout", 99.95, 300, 21.6],
      ["jobs", 99.9, 500, 43.2],
      ["admin", 99.5, 2000, 216],
    ]);
    expect(slos[1]?.metrics).toContain("queue_depth");
    expect(planSlos([{ name: "x", availabilityTarget: 99 }], 7)[0]?.errorBudgetMinutes).toBe(100.8);
  });

  it("refuses a service listed twice", () => {
    expect(() => planSlos([{ name: "a" }, { name: "a" }])).toThrow(/"a" is listed twice/);
  });
});

describe("alert-rules", () => {
  it("derives burn-rate thresholds from the error budget and a latency alert from the objective", () => {
    const { alerts, logging } = planAlerting(planSlos(services));
    expect(alerts.filter((a) => a.service === "checkout")).toEqual([
      expect.objectContaining({ name: "checkout-error-budget-fast-burn", threshold: 0.0072, severity: "page" }),
      expect.objectContaining({ name: "checkout-error-budget-slow-burn", threshold: 0.003, severity: "ticket" }),
      expect.objectContaining({ name: "checkout-latency-p95", threshold: 300, severity: "page" }),
    ]);
    expect(logging.map((l) => [l.service, l.retentionDays, l.level])).toEqual([
      ["checkout", 90, "info"],
      ["jobs", 30, "info"],
      ["admin", 14, "debug"],
    ]);
  });

  it("gives three alerts per service, the fast-burn threshold at or above the slow-burn one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 90, max: 99.999, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (targets) => {
          const slos = planSlos(targets.map((t, i) => ({ name: `s${i}`, availabilityTarget: t })));
          const { alerts } = planAlerting(slos);
          expect(alerts).toHaveLength(3 * slos.length);
          for (let i = 0; i < slos.length; i++)
            expect(alerts[3 * i]?.threshold).toBeGreaterThanOrEqual(alerts[3 * i + 1]?.threshold ?? 0);
        },
      ),
    );
  });
});

describe("soak-review", () => {
  const slos = planSlos(services);
  const good = [
    { service: "checkout", availability: 99.99, latencyP95Ms: 120, errorBudgetConsumedPercent: 10 },
    { service: "jobs", availability: 99.9 },
    { service: "admin", latencyP95Ms: 1500 },
  ];

  it("goes live when every service meets its SLO", () => {
    expect(reviewSoak(slos, good)).toMatchObject({ verdict: "go-live", passed: 3, failed: 0 });
  });

  it("names every breach, and fails a service that was not observed", () => {
    const review = reviewSoak(slos, [
      { service: "checkout", availability: 99.9, latencyP95Ms: 301, errorBudgetConsumedPercent: 80 },
      { service: "jobs" },
    ]);
    expect(review).toMatchObject({ verdict: "fix", passed: 1, failed: 2 });
    expect(review.services[0]?.breaches).toEqual([
      "availability 99.9% < target 99.95%",
      "p95 latency 301 ms > objective 300 ms",
      "error budget 80% spent > 50% allowed",
    ]);
    expect(review.services[2]).toEqual({ service: "admin", passed: false, breaches: ["not observed during the soak"] });
  });

  it("passes + failed always counts every SLO, and go-live means no breaches at all", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            service: fc.constantFrom("checkout", "jobs", "admin", "other"),
            latencyP95Ms: fc.nat({ max: 3000 }),
          }),
        ),
        (observed) => {
          const review = reviewSoak(slos, observed);
          expect(review.passed + review.failed).toBe(slos.length);
          expect(review.verdict === "go-live").toBe(review.services.every((s) => s.breaches.length === 0));
        },
      ),
    );
  });
});
