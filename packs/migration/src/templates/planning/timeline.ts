/**
 * The `timeline` handler: lays migration waves end to end from a start date. Days are working days (Monday
 * to Friday) unless `workingDaysOnly` is false; dates are calendar dates (YYYY-MM-DD), computed in UTC, so the
 * result does not depend on the runtime's time zone or clock.
 */
import type { Handler } from "@mfo/runtime/pack";
import { invalidParams } from "@mfo/runtime/pack";
import { recordsParam } from "../../model/asset-inventory-model.js";

export interface WaveDates {
  wave: number;
  start: string;
  end: string;
  durationDays: number;
}

export interface Timeline {
  startDate: string;
  endDate: string;
  /** Days counted as the plan counts them (working days by default), gaps included. */
  totalDays: number;
  calendarDays: number;
  waves: WaveDates[];
}

const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Epoch ms of a YYYY-MM-DD date at UTC midnight; undefined when it is not a real date. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(time) || iso(time) !== value ? undefined : time;
}

/** Sequential wave dates from `startDate`, `gapDays` between waves. */
export function buildTimeline(
  startDate: string,
  waves: ReadonlyArray<{ wave: number; durationDays: number }>,
  options: { gapDays?: number; workingDaysOnly?: boolean } = {},
): Timeline {
  const start = parseDate(startDate);
  if (start === undefined) throw invalidParams(`startDate "${startDate}" is not a date (YYYY-MM-DD)`);
  const working = options.workingDaysOnly ?? true;
  const counts = (time: number) => !working || ![0, 6].includes(new Date(time).getUTCDay());
  /** The first counted day at or after `time`. */
  const settle = (time: number) => {
    let t = time;
    while (!counts(t)) t += DAY;
    return t;
  };
  /** The day `n` counted days after `time` (a counted day). */
  const plus = (time: number, n: number) => {
    let t = time;
    for (let left = n; left > 0; left--) t = settle(t + DAY);
    return t;
  };
  let cursor = settle(start);
  const first = cursor;
  let totalDays = 0;
  const planned = waves.map(({ wave, durationDays }, i) => {
    const days = Math.max(1, Math.ceil(durationDays));
    if (i > 0) {
      cursor = plus(cursor, 1 + (options.gapDays ?? 0));
      totalDays += options.gapDays ?? 0;
    }
    const begin = cursor;
    cursor = plus(cursor, days - 1);
    totalDays += days;
    return { wave, start: iso(begin), end: iso(cursor), durationDays: days };
  });
  const end = planned.length === 0 ? first : cursor;
  return {
    startDate: iso(first),
    endDate: iso(end),
    totalDays,
    calendarDays: planned.length === 0 ? 0 : Math.round((end - first) / DAY) + 1,
    waves: planned,
  };
}

export function createTimelineHandler(): Handler {
  return {
    entry: {
      name: "timeline",
      title: "Timeline",
      description:
        "Lays migration waves end to end from a start date, in working days by default, and gives each wave's start and end dates and the plan's end date.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["startDate", "waves"],
        properties: {
          startDate: {
            title: "Start date",
            description: "First day of the first wave (YYYY-MM-DD), e.g. =input.startDate",
            type: "string",
            format: "date",
          },
          waves: {
            title: "Waves",
            description: "Waves { wave, durationDays } in order, e.g. =phases.`resource-planning`.output.waves",
            type: "array",
            items: { type: "object", required: ["wave", "durationDays"] },
          },
          gapDays: {
            title: "Gap between waves",
            description: "Days between one wave's end and the next one's start",
            type: "integer",
            minimum: 0,
            default: 0,
          },
          workingDaysOnly: {
            title: "Working days only",
            description: "Count Monday to Friday only",
            type: "boolean",
            default: true,
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const waves = recordsParam(params, "waves").map((w, i) => {
        if (typeof w.wave !== "number" || typeof w.durationDays !== "number" || w.durationDays < 0)
          throw invalidParams(`waves[${i}] needs a wave number and durationDays >= 0`);
        return { wave: w.wave, durationDays: w.durationDays };
      });
      const gap = params.gapDays ?? 0;
      if (typeof gap !== "number" || !Number.isInteger(gap) || gap < 0)
        throw invalidParams("params.gapDays must be >= 0");
      return buildTimeline(String(params.startDate), waves, {
        gapDays: gap,
        workingDaysOnly: params.workingDaysOnly !== false,
      });
    },
  };
}
