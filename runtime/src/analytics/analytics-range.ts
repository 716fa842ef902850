/**
 * The query of GET /flows/analytics: a time range [from, to) and an optional flow type. Dates are strict ISO
 * 8601 (a date-time with its offset, or a plain date meaning midnight UTC); anything else, an empty range or
 * one longer than MAX_RANGE_DAYS answers 422 naming the parameter, never a database error.
 */
import { invalidQuery } from "../errors.js";
import type { AnalyticsRange } from "../store/instances/index.js";

export type { AnalyticsRange };

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RANGE_MS = DAY_MS;
export const MAX_RANGE_DAYS = 366;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2})))?$/;

/** A strict ISO date or date-time, years 1970 to 9999; undefined when it is not one. */
export function parseInstant(text: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  type Fields = [number, number, number, number, number, number, number, number];
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as Fields;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const valid =
    year >= 1970 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  return valid ? new Date(text.length === 10 ? `${text}T00:00:00Z` : text) : undefined;
}

function instantOf(query: Record<string, string>, parameter: "from" | "to"): Date | undefined {
  const text = query[parameter];
  if (text === undefined) return undefined;
  const date = parseInstant(text);
  if (!date)
    throw invalidQuery(
      parameter,
      `${parameter} must be an ISO 8601 date-time such as 2025-01-31T00:00:00Z (1970 to 9999)`,
    );
  return date;
}

/** The range a query asks for: `to` defaults to now, `from` to 24 hours before `to`. */
export function parseAnalyticsRange(query: Record<string, string>, now: Date): AnalyticsRange {
  const to = instantOf(query, "to") ?? now;
  const from = instantOf(query, "from") ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) throw invalidQuery("from", "from must be before to");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw invalidQuery("to", `the range from from to to may span at most ${MAX_RANGE_DAYS} days`);
  const flowType = query.flowType;
  if (flowType === "") throw invalidQuery("flowType", "flowType must not be empty (leave it out for every flow type)");
  return { from, to, ...(flowType === undefined ? {} : { flowType }) };
}
