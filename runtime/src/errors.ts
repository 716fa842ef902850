/**
 * The one domain error: a code, the HTTP status it maps to in the API's single onError, and for validation the
 * per-field errors. Anything else that escapes is a bug and answers a plain 500 without details.
 */
import type { ValidationError } from "@mfo/schemas";

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 503,
    readonly code: string,
    message: string,
    readonly errors?: ValidationError[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError(404, "not-found", `${what} was not found`);
export const conflict = (message: string, code = "conflict") => new AppError(409, code, message);
export const invalid = (message: string, errors: ValidationError[], code = "invalid") =>
  new AppError(422, code, message, errors);
/** A query parameter (or header) the route cannot use: 422 naming it, e.g. invalidQuery("limit", "..."). */
export const invalidQuery = (parameter: string, message: string) =>
  invalid(message, [{ path: `/${parameter}`, code: "invalid-value", message }], "invalid-query");
