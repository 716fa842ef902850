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
  500: "Internal server error",
  503: "Service unavailable",
};

export function problemResponse(
  c: Context,
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem> = {},
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
  return c.body(JSON.stringify(body), status as 400, { "content-type": "application/problem+json" });
}

/** The app's onError: domain errors and HTTP exceptions as themselves, anything else as a 500 (logged). */
export function toProblem(error: Error, c: Context, log: (error: Error) => void) {
  if (error instanceof AppError) {
    return problemResponse(c, error.status, error.code, error.message, error.errors ? { errors: error.errors } : {});
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? "body-too-large" : status === 401 ? "unauthorized" : `http-${status}`;
    return problemResponse(c, status, code, error.message || TITLES[status] || "Error");
  }
  log(error);
  return problemResponse(c, 500, "internal", "something went wrong on our side; the request id helps us find it");
}
