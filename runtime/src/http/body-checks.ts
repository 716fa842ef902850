/**
 * Limits every parsed JSON body meets before a route sees it, whatever its kind (a contract body, a flow
 * definition or a free draft): nesting depth, so no recursive code further on (a validator, JSON.stringify
 * when it is stored) can overflow the stack, and no NUL character, which PostgreSQL cannot store in jsonb.
 */
import { inspectJson } from "@mfo/schemas";
import { invalid } from "../errors.js";

/** Deepest nesting a body may have; a flow definition with its schemas and params stays far below. */
export const MAX_JSON_DEPTH = 64;

/** A `\u0000` escape in JSON text: an odd run of backslashes before the `u0000`, so `\\u0000` does not count. */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/i;

/**
 * Throws a 422 when a parsed body nests deeper than MAX_JSON_DEPTH or holds a NUL character. `text` is the
 * body it was parsed from (a raw NUL byte is not valid JSON, so only the escape needs looking for).
 */
export function checkJsonBody(text: string, body: unknown): void {
  // inspectJson walks with its own stack, so a body nested 500,000 deep is refused, not a stack overflow.
  const problem = inspectJson(body, { maxDepth: MAX_JSON_DEPTH });
  if (problem) {
    throw invalid(
      `the body is nested deeper than ${MAX_JSON_DEPTH} levels`,
      [{ path: problem.path, code: "too-deep", message: problem.message }],
      "invalid-body",
    );
  }
  if (NUL_ESCAPE.test(text)) {
    const message = "strings may not contain the NUL character (\\u0000)";
    throw invalid(`the body is invalid: ${message}`, [{ path: "", code: "nul-character", message }], "invalid-body");
  }
}
