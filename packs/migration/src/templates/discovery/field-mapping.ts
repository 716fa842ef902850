/**
 * The `field-mapping` handler: renames the columns of imported records (a CMDB export's "Server Name",
 * "IP Address") to the canonical fields the inventory reads (hostname, ip). Column names match without
 * regard to case or surrounding spaces. The `field-mapping` validator checks the mapping it reports.
 */
import type { Handler } from "@mfo/runtime/pack";
import { invalidParams } from "@mfo/runtime/pack";
import { isRecord, recordsParam } from "../../model/asset-inventory-model.js";

/** Canonical fields the migration handlers read; a mapping may target others, they pass through. */
export const CANONICAL_FIELDS = [
  "id",
  "hostname",
  "ip",
  "os",
  "platform",
  "type",
  "environment",
  "complexity",
  "application",
  "owner",
  "location",
  "cpu",
  "memoryGb",
  "storageGb",
  "dataGb",
  "dependsOn",
] as const;

export interface MappingResult {
  records: Record<string, unknown>[];
  /** The mapping applied, source column -> canonical field. */
  mapping: Record<string, string>;
  /** Columns found in the records that nothing maps. */
  unmappedColumns: string[];
  /** Mapped columns that no record has. */
  missingColumns: string[];
  count: number;
}

const fold = (column: string) => column.trim().toLowerCase();

/** Applies `mapping` to every record; with `keepUnmapped`, unmapped columns are kept under their own names. */
export function mapFields(
  records: readonly Record<string, unknown>[],
  mapping: Readonly<Record<string, string>>,
  keepUnmapped = false,
): MappingResult {
  const bySource = new Map(Object.entries(mapping).map(([source, target]) => [fold(source), target]));
  const seen = new Map<string, string>();
  const used = new Set<string>();
  const mapped = records.map((record) => {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(record)) {
      const target = bySource.get(fold(column));
      if (!seen.has(fold(column))) seen.set(fold(column), column);
      if (target === undefined) {
        if (keepUnmapped && !(column in out)) out[column] = value;
        continue;
      }
      used.add(fold(column));
      // Two columns mapped to one field: the first with a value wins (the validator reports the clash).
      if (out[target] === undefined || out[target] === null || out[target] === "") out[target] = value;
    }
    return out;
  });
  return {
    records: mapped,
    mapping: { ...mapping },
    unmappedColumns: [...seen.entries()].filter(([key]) => !bySource.has(key)).map(([, column]) => column),
    missingColumns: Object.keys(mapping).filter((source) => !used.has(fold(source))),
    count: mapped.length,
  };
}

export function createFieldMappingHandler(): Handler {
  return {
    entry: {
      name: "field-mapping",
      title: "Field mapping",
      description:
        "Renames the columns of imported records to canonical asset fields (hostname, ip, os, type, ...) and reports unmapped and missing columns.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["records", "mapping"],
        properties: {
          records: {
            title: "Records",
            description: "The imported rows, e.g. =input.records",
            type: "array",
            items: { type: "object" },
          },
          mapping: {
            title: "Column mapping",
            description: `Source column -> canonical field; canonical fields: ${CANONICAL_FIELDS.join(", ")}`,
            type: "object",
            additionalProperties: { type: "string", minLength: 1 },
          },
          keepUnmapped: {
            title: "Keep unmapped columns",
            description: "Copy columns that nothing maps into the output records under their own names",
            type: "boolean",
            default: false,
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const { mapping } = params;
      if (!isRecord(mapping) || Object.values(mapping).some((v) => typeof v !== "string"))
        throw invalidParams("params.mapping must be an object of column -> field names");
      return mapFields(
        recordsParam(params, "records"),
        mapping as Record<string, string>,
        params.keepUnmapped === true,
      );
    },
  };
}
