/**
 * RFC 9457 problem details: the one shape every error of the API takes, built in the app's single onError.
 * Domain errors carry their status and code; anything unexpected becomes a bare 500 without internals.
 */
import type { Problem } from "@mfo/schemas";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "../errors.js";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Request body too large",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export function problemResponse(
  c: Context,
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem> = {},
  headers: Record<string, string> = {},
) {
  const body: Problem = {
    type: `https://mfo.dev/problems/${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    instance: c.req.path,
    ...(c.get("requestId") ? { requestId: c.get("requestId") as string } : {}),
    ...extra,
  };
  return c.body(JSON.stringify(body), status as 400, { ...headers, "content-type": "application/problem+json" });
}

/**
 * Whether a database error was caused by a value it was given rather than by the statement: SQLSTATE class 22
 * (data exception: a NUL in text, a malformed uuid, a date out of range) or 54000 (a value over a limit, e.g.
 * an index entry too large). Routes check their input first; this keeps anything they miss a 422, not a 500.
 */
function isDataException(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(22...|54000)$/.test(code)) return true;
  }
  return false;
}

/**
 * The app's onError: domain errors and HTTP exceptions as themselves, a database data exception as a 422, anything
 * else as a 500 (both logged).
 */
export function toProblem(error: Error, c: Context, log: (error: Error) => void) {
  if (error instanceof AppError) {
    return problemResponse(c, error.status, error.code, error.message, error.errors ? { errors: error.errors } : {});
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? "body-too-large" : status === 401 ? "unauthorized" : `http-${status}`;
    return problemResponse(c, status, code, error.message || TITLES[status] || "Error");
  }
  log(error); // also a data exception: the route should have refused the value itself
  if (isDataException(error)) {
    return problemResponse(
      c,
      422,
      "invalid-input",
      "a value in the request is not one the database can store or compare",
    );
  }
  return problemResponse(c, 500, "internal", "something went wrong on our side; the request id helps us find it");
}
