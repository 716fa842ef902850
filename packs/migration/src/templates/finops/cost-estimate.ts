/**
 * Monthly and annual cost per resource, and totals, from a price table: instance hours x hourly price, storage GB
 * x price per GB-month, egress GB x price per GB. Money is counted in whole minor units (cents): each component is
 * rounded half up once, and lines and totals are sums of those integers, so the totals always equal the sum of
 * the lines exactly.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler, domainError } from "@mfo/runtime/pack";

export interface InstancePrice {
  /** Price per instance-hour. */
  hourly: number;
  vcpu?: number;
  memoryGb?: number;
}

export interface PriceTable {
  currency: string;
  /** Digits after the decimal point of the currency: 2 for EUR/USD, 0 for JPY. */
  minorUnits?: number;
  instances: Record<string, InstancePrice>;
  /** Price per GB-month of storage, by storage class; "standard" is used when a resource names none. */
  storagePerGbMonth?: Record<string, number>;
  egressPerGb?: number;
}

export interface Resource {
  id: string;
  instanceType?: string;
  quantity?: number;
  /** Hours a month each instance runs; the params' hoursPerMonth when absent. */
  hours?: number;
  storageGb?: number;
  storageClass?: string;
  egressGb?: number;
  team?: string;
}

export interface CostLine {
  id: string;
  team: string | null;
  instanceType: string | null;
  compute: number;
  storage: number;
  egress: number;
  monthly: number;
  annual: number;
}

export interface CostTotals {
  compute: number;
  storage: number;
  egress: number;
  monthly: number;
  annual: number;
}

export interface CostEstimate {
  currency: string;
  minorUnits: number;
  lines: CostLine[];
  totals: CostTotals;
}

export const HOURS_PER_MONTH = 730;

/** Rounds an amount to whole minor units, half away from zero (prices are never negative here). */
export function toMinor(amount: number, minorUnits = 2): number {
  const factor = 10 ** minorUnits;
  // The epsilon keeps 1.005 from becoming 100.49999 minor units.
  return Math.round(amount * factor + Math.sign(amount) * 1e-9);
}

/** The amount of a whole number of minor units, as a JSON number with at most minorUnits decimals. */
export function fromMinor(minor: number, minorUnits = 2): number {
  return Number((minor / 10 ** minorUnits).toFixed(minorUnits));
}

/** Prices every resource and sums the lines. Throws for an instance type the price table does not list. */
export function estimateCost(resources: Resource[], prices: PriceTable, hoursPerMonth = HOURS_PER_MONTH): CostEstimate {
  const digits = prices.minorUnits ?? 2;
  const unknown = resources.filter((r) => r.instanceType !== undefined && !(r.instanceType in prices.instances));
  if (unknown.length > 0)
    throw domainError(
      `no price for instance type ${unknown.map((r) => `"${r.instanceType}" (${r.id})`).join(", ")}`,
      "unknown-instance-type",
    );
  const storageClasses = prices.storagePerGbMonth ?? {};
  const minorLines = resources.map((r) => {
    const quantity = r.quantity ?? 1;
    const hourly = r.instanceType === undefined ? 0 : (prices.instances[r.instanceType]?.hourly ?? 0);
    const storagePrice = storageClasses[r.storageClass ?? "standard"];
    if ((r.storageGb ?? 0) > 0 && storagePrice === undefined)
      throw domainError(
        `no storage price for class "${r.storageClass ?? "standard"}" (${r.id})`,
        "unknown-storage-class",
      );
    const compute = toMinor(hourly * (r.hours ?? hoursPerMonth) * quantity, digits);
    const storage = toMinor((r.storageGb ?? 0) * (storagePrice ?? 0) * quantity, digits);
    const egress = toMinor((r.egressGb ?? 0) * (prices.egressPerGb ?? 0), digits);
    return { r, compute, storage, egress, monthly: compute + storage + egress };
  });
  const sum = (pick: (l: (typeof minorLines)[number]) => number) => minorLines.reduce((s, l) => s + pick(l), 0);
  const money = (minor: number) => fromMinor(minor, digits);
  return {
    currency: prices.currency,
    minorUnits: digits,
    lines: minorLines.map((l) => ({
      id: l.r.id,
      team: l.r.team ?? null,
      instanceType: l.r.instanceType ?? null,
      compute: money(l.compute),
      storage: money(l.storage),
      egress: money(l.egress),
      monthly: money(l.monthly),
      annual: money(l.monthly * 12),
    })),
    totals: {
      compute: money(sum((l) => l.compute)),
      storage: money(sum((l) => l.storage)),
      egress: money(sum((l) => l.egress)),
      monthly: money(sum((l) => l.monthly)),
      annual: money(sum((l) => l.monthly) * 12),
    },
  };
}

const price = { type: "number", minimum: 0 } as const;

/** JSON Schema of a price table (shared with the finops handlers). */
export const priceTableSchema = {
  type: "object",
  title: "Price table",
  description: "unit prices, e.g. =input.priceTable",
  required: ["currency", "instances"],
  properties: {
    currency: { type: "string", minLength: 3, maxLength: 3, title: "Currency", description: "ISO 4217 code" },
    minorUnits: {
      type: "integer",
      minimum: 0,
      maximum: 4,
      default: 2,
      title: "Minor units",
      description: "decimals of the currency",
    },
    instances: {
      type: "object",
      title: "Instance prices",
      description: "by instance type: { hourly, vcpu, memoryGb }",
      additionalProperties: {
        type: "object",
        required: ["hourly"],
        properties: { hourly: price, vcpu: { type: "number", minimum: 0 }, memoryGb: { type: "number", minimum: 0 } },
      },
    },
    storagePerGbMonth: {
      type: "object",
      title: "Storage per GB-month",
      description: "by storage class; 'standard' is the default class",
      additionalProperties: price,
    },
    egressPerGb: { ...price, title: "Egress per GB" },
  },
} as const;

/** The `hoursPerMonth` param of the handlers that price resources. */
export const hoursPerMonthSchema = {
  type: "number",
  minimum: 1,
  maximum: 744,
  default: HOURS_PER_MONTH,
  title: "Hours per month",
  description: "hours an always-on instance runs in a month",
} as const;

/** JSON Schema of a list of resources to price. */
export const resourcesSchema = {
  type: "array",
  title: "Resources",
  description: "what runs, e.g. =input.resources",
  items: {
    type: "object",
    required: ["id"],
    properties: {
      id: { type: "string", minLength: 1 },
      instanceType: { type: "string" },
      quantity: { type: "integer", minimum: 0, default: 1 },
      hours: { type: "number", minimum: 0, maximum: 744, description: "hours a month each instance runs" },
      storageGb: { type: "number", minimum: 0 },
      storageClass: { type: "string" },
      egressGb: { type: "number", minimum: 0 },
      team: { type: "string" },
    },
  },
} as const;

interface CostParams {
  resources: Resource[];
  priceTable: PriceTable;
  hoursPerMonth?: number;
}

/** `cost-estimate`: { currency, lines, totals } with lines and totals monthly and annual. */
export function createCostEstimateHandler(): Handler {
  return createPureHandler<CostParams>(
    {
      name: "cost-estimate",
      title: "Cost estimate",
      description:
        "Monthly and annual cost per resource (compute hours x hourly price, storage GB x GB-month price, egress GB x GB price) and totals; amounts are rounded to the currency's minor unit per component, so totals equal the sum of the lines. Output { currency, minorUnits, lines, totals }.",
      category: "finops",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["resources", "priceTable"],
        properties: {
          resources: resourcesSchema,
          priceTable: priceTableSchema,
          hoursPerMonth: hoursPerMonthSchema,
        },
        additionalProperties: false,
      },
    },
    (params) => estimateCost(params.resources, params.priceTable, params.hoursPerMonth),
  );
}
