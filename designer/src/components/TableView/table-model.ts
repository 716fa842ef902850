/**
 * An array of objects as a table: columns are the union of the rows' keys in the order first seen, cells are
 * scalars as text or a short summary of a nested value, and sorting is stable, numbers as numbers, empty last.
 */

export type Row = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Row => v !== null && typeof v === "object" && !Array.isArray(v);

/** True for a non-empty array whose items are all plain objects: what reads better as a table than as a tree. */
export function isTable(value: unknown): value is Row[] {
  return Array.isArray(value) && value.length > 0 && value.every(isPlainObject);
}

export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** A cell as text: scalars as they are, arrays and objects summarised (the cell then opens the value). */
export function cellText(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "null";
  if (Array.isArray(value)) {
    if (value.length <= 3 && value.every((v) => v === null || typeof v !== "object"))
      return value.map(String).join(", ");
    return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  }
  if (typeof value === "object") {
    const n = Object.keys(value).length;
    return `{${n} key${n === 1 ? "" : "s"}}`;
  }
  return String(value);
}

/** Whether a cell holds a nested value worth opening. */
export const isNested = (value: unknown): boolean =>
  value !== null &&
  typeof value === "object" &&
  !(Array.isArray(value) && value.length <= 3 && value.every((v) => v === null || typeof v !== "object"));

export interface SortBy {
  column: string;
  direction: "ascending" | "descending";
}

function compare(a: unknown, b: unknown): number {
  const empty = (v: unknown) => v === undefined || v === null || v === "";
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true });
}

/** The rows' indexes in the order shown (original order without a sort; empty cells last either way). */
export function sortedIndexes(rows: readonly Row[], sort: SortBy | undefined): number[] {
  const indexes = rows.map((_, i) => i);
  if (!sort) return indexes;
  const sign = sort.direction === "ascending" ? 1 : -1;
  const empty = (v: unknown) => v === undefined || v === null || v === "";
  return indexes.sort((i, j) => {
    const a = rows[i]?.[sort.column];
    const b = rows[j]?.[sort.column];
    if (empty(a) || empty(b)) return compare(a, b) || i - j;
    return sign * compare(a, b) || i - j;
  });
}

/** The next sort after a click on a column's header: ascending, then descending, then none. */
export function nextSort(sort: SortBy | undefined, column: string): SortBy | undefined {
  if (sort?.column !== column) return { column, direction: "ascending" };
  return sort.direction === "ascending" ? { column, direction: "descending" } : undefined;
}
