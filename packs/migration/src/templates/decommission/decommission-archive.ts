/**
 * The `decommission-archive` handler: the data archival plan of retiring systems. Each system's data is kept
 * for the retention of its data class, in the archive tier that suits that retention (long retention goes to
 * the cheaper, slower deep archive), until a date counted from the decommission date; its storage cost over
 * the retention follows from a price per GB-month. Data with no retention is deleted, not archived.
 */
import type { Handler } from "@mfo/runtime/pack";
import { invalidParams } from "@mfo/runtime/pack";
import { isRecord, recordsParam } from "../../model/asset-inventory-model.js";
import { normaliseNumber } from "../../model/asset-inventory-normalise.js";
import { parseDate } from "../planning/timeline.js";

export interface ArchiveOptions {
  decommissionDate: string;
  /** Years by data class; `default` for a class not listed. */
  retentionYears: Record<string, number>;
  pricePerGbMonth: { archive: number; "deep-archive": number };
  /** Retention from which data goes to the deep archive. */
  deepArchiveFromYears: number;
}

export interface ArchiveItem {
  id: string;
  dataGb: number;
  dataClass: string;
  retentionYears: number;
  action: "archive" | "delete";
  tier: "archive" | "deep-archive" | null;
  retainUntil: string | null;
  monthlyCost: number;
  totalCost: number;
}

export interface ArchivePlan {
  items: ArchiveItem[];
  totals: { dataGb: number; archivedGb: number; deletedGb: number; monthlyCost: number; totalCost: number };
}

export const DEFAULT_RETENTION = { default: 7, financial: 10, personal: 3, operational: 1, logs: 1 };
export const DEFAULT_PRICES = { archive: 0.004, "deep-archive": 0.001 };

const cents = (n: number) => Math.round(n * 100) / 100;

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February plus a non-leap number of years lands on 1 March; keep it in February.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** The archive plan of `systems` (records with id, dataGb, dataClass). */
export function planArchive(systems: readonly Record<string, unknown>[], options: ArchiveOptions): ArchivePlan {
  if (parseDate(options.decommissionDate) === undefined)
    throw invalidParams(`decommissionDate "${options.decommissionDate}" is not a date (YYYY-MM-DD)`);
  const items = systems.map((system, i): ArchiveItem => {
    const id = typeof system.id === "string" ? system.id : `system-${i}`;
    const dataGb = Math.max(0, normaliseNumber(system.dataGb) ?? 0);
    const dataClass = typeof system.dataClass === "string" ? system.dataClass : "default";
    const retentionYears = options.retentionYears[dataClass] ?? options.retentionYears.default ?? 0;
    if (dataGb === 0 || retentionYears <= 0)
      return {
        id,
        dataGb,
        dataClass,
        retentionYears,
        action: "delete",
        tier: null,
        retainUntil: null,
        monthlyCost: 0,
        totalCost: 0,
      };
    const tier = retentionYears >= options.deepArchiveFromYears ? "deep-archive" : "archive";
    const monthly = dataGb * options.pricePerGbMonth[tier];
    return {
      id,
      dataGb,
      dataClass,
      retentionYears,
      action: "archive",
      tier,
      retainUntil: addYears(options.decommissionDate, retentionYears),
      monthlyCost: cents(monthly),
      totalCost: cents(monthly * 12 * retentionYears),
    };
  });
  const sum = (pick: (item: ArchiveItem) => number) => items.reduce((total, item) => total + pick(item), 0);
  return {
    items,
    totals: {
      dataGb: sum((i) => i.dataGb),
      archivedGb: sum((i) => (i.action === "archive" ? i.dataGb : 0)),
      deletedGb: sum((i) => (i.action === "delete" ? i.dataGb : 0)),
      monthlyCost: cents(sum((i) => i.monthlyCost)),
      totalCost: cents(sum((i) => i.totalCost)),
    },
  };
}

const numberMap = (value: unknown): Record<string, number> =>
  isRecord(value)
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === "number"))
    : {};

export function createDecommissionArchiveHandler(): Handler {
  return {
    entry: {
      name: "decommission-archive",
      title: "Data archival plan",
      description:
        "Plans the archival of retiring systems' data: retention by data class, archive tier, retain-until date and storage cost over the retention; data with no retention is deleted.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["systems", "decommissionDate"],
        properties: {
          systems: {
            title: "Systems",
            description: "Retiring systems { id, dataGb, dataClass }, e.g. =phases.planning.output.retire",
            type: "array",
            items: { type: "object" },
          },
          decommissionDate: {
            title: "Decommission date",
            description: "Day the data is archived (YYYY-MM-DD); retention counts from it",
            type: "string",
            format: "date",
          },
          retentionYears: {
            title: "Retention (years) by data class",
            description: "Years to keep each data class; 'default' for classes not listed; 0 deletes",
            type: "object",
            additionalProperties: { type: "number", minimum: 0 },
            default: DEFAULT_RETENTION,
          },
          pricePerGbMonth: {
            title: "Price per GB-month",
            description: "Storage price of each archive tier",
            type: "object",
            properties: { archive: { type: "number", minimum: 0 }, "deep-archive": { type: "number", minimum: 0 } },
            additionalProperties: false,
            default: DEFAULT_PRICES,
          },
          deepArchiveFromYears: {
            title: "Deep archive from (years)",
            description: "Retention from which data goes to the deep archive tier",
            type: "number",
            minimum: 0,
            default: 5,
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      return planArchive(recordsParam(params, "systems", false), {
        decommissionDate: String(params.decommissionDate),
        retentionYears: { ...DEFAULT_RETENTION, ...numberMap(params.retentionYears) },
        pricePerGbMonth: { ...DEFAULT_PRICES, ...numberMap(params.pricePerGbMonth) },
        deepArchiveFromYears: typeof params.deepArchiveFromYears === "number" ? params.deepArchiveFromYears : 5,
      });
    },
  };
}
