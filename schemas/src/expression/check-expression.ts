/**
 * JSONata syntax checks. Parsing costs about 50 µs per expression, so a 1,000-phase flow would spend 50 ms
 * per validation on parsing alone; the designer validates on every edit, where only the edited expression is
 * new. Results are therefore kept in a bounded least-recently-used cache keyed by the expression text.
 */
import jsonata from "jsonata";

export interface ExpressionProblem {
  /** The parser's message, e.g. `Expected ")" before end of expression`. */
  message: string;
  /** Character offset of the error in the expression, when the parser knows it. */
  position?: number;
  /** The JSONata error code, e.g. S0203. */
  code?: string;
}

const CACHE_LIMIT = 10_000;
/** Longer texts are checked every time rather than pinned in memory. */
const CACHEABLE_LENGTH = 4_096;
const cache = new Map<string, ExpressionProblem | null>();

function parse(source: string): ExpressionProblem | null {
  if (source.trim() === "") return { message: "the expression is empty" };
  try {
    jsonata(source);
    return null;
  } catch (error) {
    if (error instanceof RangeError) return { message: "the expression is nested too deeply to parse" };
    const e = error as { message?: unknown; position?: unknown; code?: unknown };
    const problem: ExpressionProblem = { message: typeof e.message === "string" ? e.message : String(error) };
    if (typeof e.position === "number") problem.position = e.position;
    if (typeof e.code === "string") problem.code = e.code;
    return problem;
  }
}

/** Parses a JSONata expression; returns null when it is well formed, else what is wrong. Never throws. */
export function checkExpression(source: string): ExpressionProblem | null {
  if (source.length > CACHEABLE_LENGTH) return parse(source);
  const hit = cache.get(source);
  if (hit !== undefined) {
    // Refresh its place so that the entries in use survive eviction.
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const result = parse(source);
  cache.set(source, result);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return result;
}

/** One line describing a problem, for error messages. */
export function describeExpressionProblem(problem: ExpressionProblem): string {
  return problem.position === undefined ? problem.message : `${problem.message} (at character ${problem.position})`;
}

/** Empties the cache; for benchmarks that measure cold parsing. */
export function clearExpressionCache(): void {
  cache.clear();
}

/** A params value that starts with "=" is an expression evaluated at run time. */
export const EXPRESSION_PREFIX = "=";

export function isDynamicValue(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(EXPRESSION_PREFIX);
}
