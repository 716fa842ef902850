/**
 * JSONata evaluation for the engine: transforms, decisions, validators and "=" params all go through here, so
 * this is where expressions are bounded and kept away from the process.
 *
 * Time limit: jsonata 2.2 checks its `timeout` and `stack` options ("guardrails") each time it enters an AST
 * node. Evaluation runs on the event loop without yielding to timers (its awaits are microtasks), so a timer
 * racing the promise could never fire; the guardrails are what stop a runaway loop (D1012) or a non-tail
 * recursion (D1011). Their limit: a single built-in call between two checks is not interrupted (e.g. `$sort` of
 * a 10^7 range, or a catastrophically backtracking regular expression), and the event loop is held for up to
 * the time limit.
 *
 * Sandbox: JSONata has no way to name JavaScript globals; field lookups and `$lookup` read own properties only
 * and refuse functions, so `constructor` and `__proto__` resolve to nothing. As a second wall the data is
 * copied into null-prototype objects (no prototype chain to climb or pollute, only JSON values: functions and
 * class instances never reach an expression), and results are copied back into plain JSON values, so a result
 * cannot carry a function, a sequence marker or an odd prototype into the engine.
 */
import type { InstanceContext } from "@mfo/schemas";
import { isDynamicValue } from "@mfo/schemas";
import jsonata from "jsonata";

export interface EvaluateOptions {
  /** Longest an evaluation may run, in milliseconds; default 1000. */
  timeoutMs?: number;
}

export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1000;
/** JSONata's evaluation depth: about 2,000 levels of a user-defined recursive function. */
const STACK_LIMIT = 10_000;
/** Compiled expressions kept; a miss costs one parse, about 50 µs. */
export const EXPRESSION_CACHE_LIMIT = 2_000;
/** Longer sources are compiled every time rather than pinned in memory. */
const CACHEABLE_LENGTH = 8_192;

/** An expression that did not parse, failed, ran too long or gave a non-JSON result. `message` is one line. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    /** The JSONata code (e.g. S0202, T2001, D1012 for the time limit, D1011 for depth) or one of ours. */
    readonly code: string,
    /** Character offset in the expression, when JSONata knows it. */
    readonly position?: number,
  ) {
    super(message);
    this.name = "ExpressionError";
  }
}

const cache = new Map<string, jsonata.Expression>();

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function toExpressionError(error: unknown, prefix: string): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof RangeError) {
    // The JavaScript stack ran out (deeply nested source or data), or a string or array grew past V8's limits.
    return new ExpressionError(`${prefix}: ${oneLine(error.message)}`, "resource-limit");
  }
  const e = (error ?? {}) as { message?: unknown; code?: unknown; position?: unknown };
  const message = oneLine(typeof e.message === "string" ? e.message : String(error));
  const code = typeof e.code === "string" ? e.code : "expression-error";
  const position = typeof e.position === "number" ? e.position : undefined;
  const at = position === undefined ? "" : ` at character ${position}`;
  return new ExpressionError(`${prefix}: ${message}${at}`, code, position);
}

function compile(source: string, timeoutMs: number): jsonata.Expression {
  if (source.trim() === "") throw new ExpressionError("expression is empty", "empty-expression");
  // The guardrail options are fixed when an expression is compiled, so the time limit is part of the key.
  const key = `${timeoutMs}\u0000${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Refresh its place so that the expressions in use survive eviction.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(source, { timeout: timeoutMs, stack: STACK_LIMIT });
  } catch (error) {
    throw toExpressionError(error, "expression does not parse");
  }
  if (source.length <= CACHEABLE_LENGTH) {
    cache.set(key, compiled);
    if (cache.size > EXPRESSION_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  return compiled;
}

/** Sets a property without ever invoking the `__proto__` setter of a plain object. */
function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A copy of JSON-like data made of null-prototype objects; anything that is not JSON is left out. */
function toSandboxData(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return Array.from(value, (item) => toSandboxData(item) ?? null);
  if (typeof value === "object") {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      const copy = toSandboxData(item);
      if (copy !== undefined) out[key] = copy;
    }
    return out;
  }
  return undefined;
}

/** Copies an expression's result into plain JSON values; a function or other non-JSON value is an error. */
function toPlainResult(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw new ExpressionError(`expression failed: its result ${value} is not a JSON number`, "invalid-result");
  }
  if (Array.isArray(value)) return Array.from(value, (item) => toPlainResult(item) ?? null);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const copy = toPlainResult(item);
      if (copy !== undefined) defineValue(out, key, copy);
    }
    return out;
  }
  throw new ExpressionError(`expression failed: its result is a ${typeof value}, not a JSON value`, "invalid-result");
}

async function evaluateSandboxed(source: string, sandboxed: unknown, timeoutMs: number): Promise<unknown> {
  const compiled = compile(source, timeoutMs);
  let result: unknown;
  try {
    result = await compiled.evaluate(sandboxed);
  } catch (error) {
    throw toExpressionError(error, "expression failed");
  }
  try {
    return toPlainResult(result);
  } catch (error) {
    // RangeError from a result nested too deeply to copy; our own errors pass through unchanged.
    throw toExpressionError(error, "expression failed");
  }
}

function timeoutOf(options?: EvaluateOptions): number {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_EXPRESSION_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  return timeoutMs;
}

function sandbox(data: unknown): unknown {
  try {
    return toSandboxData(data);
  } catch (error) {
    throw toExpressionError(error, "expression data is unusable");
  }
}

/**
 * Evaluates a JSONata expression over `data` (a JSON value) and returns its result as plain JSON, `undefined`
 * when nothing matched. Throws ExpressionError when the expression does not parse, fails or passes the time limit.
 */
export async function evaluateExpression(source: string, data: unknown, options?: EvaluateOptions): Promise<unknown> {
  const timeoutMs = timeoutOf(options);
  return evaluateSandboxed(source, sandbox(data), timeoutMs);
}

/** Where a value sits in params, for error messages: `headers.Authorization`, `items[2]`. */
function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** The sandboxed data, copied the first time an expression needs it: most params hold none. */
type SandboxOf = () => unknown;

async function resolveValue(value: unknown, path: string, sandboxed: SandboxOf, timeoutMs: number): Promise<unknown> {
  if (isDynamicValue(value)) {
    try {
      return await evaluateSandboxed(value.slice(1), sandboxed(), timeoutMs);
    } catch (error) {
      const e = toExpressionError(error, "expression failed");
      throw new ExpressionError(`params.${path}: ${e.message}`, e.code, e.position);
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [index, item] of value.entries())
      out.push(await resolveValue(item, childPath(path, index), sandboxed, timeoutMs));
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      defineValue(out, key, await resolveValue(item, childPath(path, key), sandboxed, timeoutMs));
    }
    return out;
  }
  return value;
}

/**
 * A copy of `params` in which every string starting with "=", at any depth, is replaced by the value of the
 * JSONata expression after the "=", evaluated over `{ input, phases, vars }`. The context is copied into the
 * sandbox once for all of them, and not at all when there is none. Throws ExpressionError naming the param, e.g. `params.url: expression failed: …`.
 */
export async function resolveParams(
  params: Record<string, unknown>,
  context: InstanceContext,
  options?: EvaluateOptions,
): Promise<Record<string, unknown>> {
  const timeoutMs = timeoutOf(options);
  let sandboxed: unknown;
  const sandboxOnce = () => {
    sandboxed ??= sandbox({ input: context.input, phases: context.phases, vars: context.vars });
    return sandboxed;
  };
  return (await resolveValue(params, "", sandboxOnce, timeoutMs)) as Record<string, unknown>;
}

/** Empties the compiled-expression cache; for tests and benchmarks that measure cold compiles. */
export function clearExpressionCache(): void {
  cache.clear();
}

/** How many compiled expressions are cached; lets tests check the bound. */
export function expressionCacheSize(): number {
  return cache.size;
}
