import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCostEstimateHandler, estimateCost, fromMinor, type PriceTable, toMinor } from "./cost-estimate.js";

const prices: PriceTable = {
  currency: "EUR",
  instances: { small: { hourly: 0.0208 }, large: { hourly: 0.096 } },
  storagePerGbMonth: { standard: 0.1, archive: 0.0125 },
  egressPerGb: 0.09,
};
const minor = (n: number) => Math.round(n * 100);

describe("cost-estimate", () => {
  it("prices compute hours, storage and egress per line, monthly and annual", () => {
    const estimate = estimateCost(
      [
        { id: "a", instanceType: "large", quantity: 2, storageGb: 10, egressGb: 100, team: "web" },
        { id: "b", instanceType: "small", hours: 100 },
        { id: "c", storageGb: 1000, storageClass: "archive" },
      ],
      prices,
    );
    expect(estimate.lines).toEqual([
      {
        id: "a",
        team: "web",
        instanceType: "large",
        compute: 140.16,
        storage: 2,
        egress: 9,
        monthly: 151.16,
        annual: 1813.92,
      },
      {
        id: "b",
        team: null,
        instanceType: "small",
        compute: 2.08,
        storage: 0,
        egress: 0,
        monthly: 2.08,
        annual: 24.96,
      },
      { id: "c", team: null, instanceType: null, compute: 0, storage: 12.5, egress: 0, monthly: 12.5, annual: 150 },
    ]);
    expect(estimate.totals).toEqual({ compute: 142.24, storage: 14.5, egress: 9, monthly: 165.74, annual: 1988.88 });
  });

  it("rounds half up in minor units, and to whole units for a currency without decimals", () => {
    expect([toMinor(1.005), toMinor(0.125), toMinor(2.675)]).toEqual([101, 13, 268]);
    const yen = estimateCost([{ id: "x", instanceType: "t", hours: 3 }], {
      currency: "JPY",
      minorUnits: 0,
      instances: { t: { hourly: 12.5 } },
    });
    expect(yen.totals.monthly).toBe(38);
    expect(fromMinor(12345)).toBe(123.45);
  });

  it("keeps every total equal to the sum of its lines, for any resources and prices", () => {
    const resource = fc.record({
      id: fc.string({ minLength: 1 }),
      instanceType: fc.constantFrom("small", "large", "odd"),
      quantity: fc.nat({ max: 50 }),
      hours: fc.double({ min: 0, max: 744, noNaN: true }),
      storageGb: fc.double({ min: 0, max: 1e5, noNaN: true }),
      egressGb: fc.double({ min: 0, max: 1e5, noNaN: true }),
    });
    const oddPrice = fc.double({ min: 0, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 30 }), oddPrice, (resources, odd) => {
        const table = { ...prices, instances: { ...prices.instances, odd: { hourly: odd } } };
        const { lines, totals } = estimateCost(resources, table);
        for (const key of ["compute", "storage", "egress", "monthly", "annual"] as const)
          expect(minor(totals[key])).toBe(lines.reduce((s, l) => s + minor(l[key]), 0));
        for (const l of lines) expect(minor(l.monthly)).toBe(minor(l.compute) + minor(l.storage) + minor(l.egress));
      }),
    );
  });

  it("refuses an instance type or storage class the price table does not list, without retrying", () => {
    expect(() => estimateCost([{ id: "x", instanceType: "huge" }], prices)).toThrow(
      /no price for instance type "huge" \(x\)/,
    );
    expect(() => estimateCost([{ id: "y", storageGb: 1, storageClass: "cold" }], prices)).toThrow(
      /storage price for class "cold" \(y\)/,
    );
    let error: unknown;
    try {
      estimateCost([{ id: "x", instanceType: "huge" }], prices);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: "unknown-instance-type", retryable: false });
  });

  it("is a pure handler whose params schema needs resources and a price table", async () => {
    const handler = createCostEstimateHandler();
    expect(handler.entry.pure).toBe(true);
    await expect(handler.run({ resources: [] }, {} as never)).rejects.toMatchObject({ code: "invalid-params" });
    await expect(handler.run({ resources: [], priceTable: prices }, {} as never)).resolves.toMatchObject({
      totals: { monthly: 0 },
    });
  });
});
