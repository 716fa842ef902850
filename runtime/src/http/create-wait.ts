/**
 * The wait a create asks for (POST /flows): the `wait` query parameter (seconds, `0.5`, or with a unit, `10s`,
 * `500ms`) or the RFC 7240 preference `Prefer: wait=<seconds>`; the query wins when both are given. Capped by
 * MFO_MAX_CREATE_WAIT_SECONDS. A value that is no duration is a 422 naming the parameter (or the header).
 */
import type { Context } from "hono";
import { invalidQuery } from "../errors.js";

/** The cap when the runtime's configuration does not say (MFO_MAX_CREATE_WAIT_SECONDS's default). */
export const DEFAULT_MAX_CREATE_WAIT_SECONDS = 60;

const SECONDS = /^(\d{1,9}(?:\.\d{1,6})?)$/;
const WITH_UNIT = /^(\d{1,9}(?:\.\d{1,6})?)(s|ms)$/;

export interface CreateWait {
  /** How long to wait, capped, in milliseconds. */
  ms: number;
  /** What `Preference-Applied` answers, e.g. "wait=10". */
  applied: string;
}

/** The `wait` preference among a Prefer header's (`respond-async, wait=10`); undefined when there is none. */
function preferredWait(header: string): string | undefined {
  for (const preference of header.split(",")) {
    const [token = ""] = preference.split(";");
    const [name = "", ...rest] = token.split("=");
    if (name.trim().toLowerCase() !== "wait") continue;
    // `wait` alone, or with an empty value, is no duration: reported as the bad value it is.
    const value = rest.join("=").trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  }
  return undefined;
}

function millisecondsOf(text: string, units: boolean): number | undefined {
  const plain = SECONDS.exec(text);
  if (plain) return Math.round(Number(plain[1]) * 1000);
  const unit = units ? WITH_UNIT.exec(text) : null;
  if (!unit) return undefined;
  return Math.round(Number(unit[1]) * (unit[2] === "ms" ? 1 : 1000));
}

/** The wait the request asks for, capped at `maxSeconds`; undefined when it asks for none. */
export function createWaitOf(c: Context, maxSeconds: number): CreateWait | undefined {
  const query = c.req.query("wait");
  let ms: number | undefined;
  if (query !== undefined) {
    ms = millisecondsOf(query.trim(), true);
    if (ms === undefined)
      throw invalidQuery("wait", "wait must be a duration: seconds (10, 0.5) or with a unit (10s, 500ms)");
  } else {
    const header = c.req.header("prefer");
    const preferred = header === undefined ? undefined : preferredWait(header);
    if (preferred === undefined) return undefined;
    ms = millisecondsOf(preferred, false);
    if (ms === undefined) throw invalidQuery("Prefer", "the wait preference must be a number of seconds, e.g. wait=10");
  }
  const capped = Math.min(ms, Math.round(maxSeconds * 1000));
  return { ms: capped, applied: `wait=${capped / 1000}` };
}
