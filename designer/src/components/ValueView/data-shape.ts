/**
 * How a value reads best: an array of objects as a table; an object whose members include arrays of objects (an
 * inventory's assets, a plan's waves, a budget's teams) as one table per such member plus a tree of the rest;
 * anything else as a tree.
 */
import { isTable, type Row } from "../TableView/table-model.js";

export type DataShape =
  | { kind: "table"; rows: Row[] }
  | { kind: "sections"; tables: Array<{ key: string; rows: Row[] }>; rest: Record<string, unknown> | undefined }
  | { kind: "tree" };

export function dataShape(value: unknown): DataShape {
  if (isTable(value)) return { kind: "table", rows: value };
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { kind: "tree" };
  const tables: Array<{ key: string; rows: Row[] }> = [];
  const rest: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (isTable(member)) tables.push({ key, rows: member });
    else rest[key] = member;
  }
  if (tables.length === 0) return { kind: "tree" };
  return { kind: "sections", tables, rest: Object.keys(rest).length > 0 ? rest : undefined };
}
