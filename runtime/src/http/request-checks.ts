/**
 * Checks of the URL a route is called with, made once for every route from its route-table entry before the
 * handler runs: path parameters that no object could be named by, and the query parameters the route declares
 * (given once, of their declared type). Handlers still check what only they know (ranges, enums, cursors).
 */

import type { RouteSpec } from "@mfo/schemas";
import type { Context } from "hono";
import { AppError, invalid, invalidQuery } from "../errors.js";

/** Longer than any id the API hands out (a flow-type id is at most 63 characters, a uuid 36). */
const MAX_PARAM_LENGTH = 256;
/** Control characters: no id contains one, and PostgreSQL cannot store a NUL in text. */
const CONTROL = /\p{Cc}/u;

/** An id as PostgreSQL's uuid type reads it (instances, API keys); anything else names nothing and must not reach SQL. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string): boolean => UUID.test(text);

function checkParams(c: Context, spec: RouteSpec): void {
  for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
    if (value.length <= MAX_PARAM_LENGTH && !CONTROL.test(value)) continue;
    const shown = `${value.slice(0, 40).replace(/\p{Cc}/gu, "?")}${value.length > 40 ? "…" : ""}`;
    // A PUT names the object it creates, so a name that cannot be one is invalid input; elsewhere it names nothing.
    if (spec.method === "put") {
      const message = `must be at most ${MAX_PARAM_LENGTH} characters, without control characters`;
      throw invalid(`the ${name} "${shown}" cannot name anything`, [
        { path: `/${name}`, code: "invalid-value", message },
      ]);
    }
    throw new AppError(404, "not-found", `nothing has the ${name} "${shown}"`);
  }
}

function checkQuery(c: Context, spec: RouteSpec): void {
  for (const [name, { type }] of Object.entries(spec.query ?? {})) {
    const values = c.req.queries(name);
    if (values === undefined) continue;
    if (values.length > 1) throw invalidQuery(name, `give ${name} once, not ${values.length} times`);
    const value = values[0] as string;
    if (CONTROL.test(value)) throw invalidQuery(name, `${name} may not contain control characters`);
    if (type === "integer" && !/^[+-]?\d{1,15}$/.test(value))
      throw invalidQuery(name, `${name} must be a whole number`);
    if (type === "boolean" && value !== "true" && value !== "false")
      throw invalidQuery(name, `${name} must be true or false`);
  }
}

/** Throws the 404 or 422 a route's path or query parameters call for; returns when they are usable. */
export function checkRequestUrl(c: Context, spec: RouteSpec): void {
  checkParams(c, spec);
  checkQuery(c, spec);
}
