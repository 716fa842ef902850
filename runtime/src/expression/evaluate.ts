/**
 * JSONata evaluation itself, as the expression processes run it (expression-process.ts): transforms, decisions,
 * validators and "=" params all end here. Only those processes import this module, so that no expression a
 * flow author wrote runs on the runtime's event loop (the pool, expression-pool.ts, stops a process that
 * passes the hard time or memory limit).
 *
 * Time limit: jsonata 2.2 checks its `timeout` and `stack` options ("guardrails") each time it enters an AST
 * node, which stops a runaway loop (D1012) or a non-tail recursion (D1011) cleanly. A single built-in call
 * between two checks is not interrupted (e.g. `$sort` of a 10^7 range, or a catastrophically backtracking
 * regular expression): that is what the pool's hard stop is for.
 *
 * Sandbox: JSONata has no way to name JavaScript globals; field lookups and `$lookup` read own properties only
 * and refuse functions, so `constructor` and `__proto__` resolve to nothing. As a second wall the data is
 * copied into null-prototype objects (no prototype chain to climb or pollute, only JSON values: functions and
 * class instances never reach an expression), and results are copied back into plain JSON values, so a result
 * cannot carry a function, a sequence marker or an odd prototype into the engine. The copy back also measures
 * the result against the output limit, and stops as soon as it is certainly over it.
 */
import type { InstanceContext } from "@mfo/schemas";
import { isDynamicValue } from "@mfo/schemas";
import jsonata from "jsonata";
import { type EvaluateOptions, ExpressionError, timeoutOf } from "./expression-error.js";
import { secretBinding } from "./secret-marker.js";

export interface CoreOptions extends EvaluateOptions {
  /** Largest result, in bytes of its JSON text; larger fails with `output-too-large`. Default: no limit. */
  maxOutputBytes?: number;
}

/** Resolving a phase's params: with `secretNonce`, `$secret("name")` gives the secret's marker (secret-marker.ts). */
export interface ParamsOptions extends CoreOptions {
  secretNonce?: string;
}
/** JSONata's evaluation depth: about 2,000 levels of a user-defined recursive function. */
const STACK_LIMIT = 10_000;
/** Compiled expressions kept; a miss costs one parse, about 50 µs. */
export const EXPRESSION_CACHE_LIMIT = 2_000;
/** Longer sources are compiled every time rather than pinned in memory. */
const CACHEABLE_LENGTH = 8_192;

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
export function toSandboxData(value: unknown): unknown {
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

/**
 * The output limit, measured while a result is copied: `lower` and `upper` bound the bytes of its JSON text
 * (a character takes 1 byte at least, 6 at most as `\uXXXX`), so the exact count (a JSON.stringify) is only
 * needed when the limit lies between them, and a result certainly over it stops the copy early.
 */
export interface OutputBudget {
  limit: number;
  lower: number;
  upper: number;
}

function outputTooLarge(budget: OutputBudget): ExpressionError {
  return new ExpressionError(
    `expression failed: its result is larger than the output limit of ${budget.limit} bytes`,
    "output-too-large",
  );
}

function count(budget: OutputBudget, lower: number, upper: number): void {
  budget.lower += lower;
  budget.upper += upper;
  if (budget.lower > budget.limit) throw outputTooLarge(budget);
}

/** Copies an expression's result into plain JSON values; a function or other non-JSON value is an error. */
function toPlainResult(value: unknown, budget: OutputBudget): unknown {
  if (value === undefined) return value;
  if (value === null || typeof value === "boolean") {
    count(budget, 4, 6);
    return value;
  }
  if (typeof value === "string") {
    count(budget, value.length + 2, value.length * 6 + 3);
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new ExpressionError(`expression failed: its result ${value} is not a JSON number`, "invalid-result");
    count(budget, 1, 25);
    return value;
  }
  // Each upper bound includes the comma after the value.
  if (Array.isArray(value)) {
    count(budget, 2, 3);
    return Array.from(value, (item) => toPlainResult(item, budget) ?? null);
  }
  if (typeof value === "object") {
    count(budget, 2, 3);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const copy = toPlainResult(item, budget);
      if (copy === undefined) continue;
      count(budget, key.length + 3, key.length * 6 + 4);
      defineValue(out, key, copy);
    }
    return out;
  }
  throw new ExpressionError(`expression failed: its result is a ${typeof value}, not a JSON value`, "invalid-result");
}

/** A fresh output budget for one result. */
export function budgetOf(options?: CoreOptions): OutputBudget {
  return { limit: options?.maxOutputBytes ?? Number.POSITIVE_INFINITY, lower: 0, upper: 0 };
}

/** The exact check, when the bounds could not settle it. */
/** Throws `output-too-large` when the result is over the limit. */
export function checkOutput(result: unknown, budget: OutputBudget): void {
  if (budget.upper <= budget.limit) return;
  const text = JSON.stringify(result);
  if (text !== undefined && Buffer.byteLength(text) > budget.limit) throw outputTooLarge(budget);
}

/** Evaluates over data already sandboxed; the result is plain JSON, counted against `budget`. */
export async function evaluateSandboxed(
  source: string,
  sandboxed: unknown,
  timeoutMs: number,
  budget: OutputBudget,
  bindings?: Record<string, unknown>,
): Promise<unknown> {
  const compiled = compile(source, timeoutMs);
  let result: unknown;
  try {
    result = await compiled.evaluate(sandboxed, bindings);
  } catch (error) {
    throw toExpressionError(error, "expression failed");
  }
  try {
    return toPlainResult(result, budget);
  } catch (error) {
    // RangeError from a result nested too deeply to copy; our own errors pass through unchanged.
    throw toExpressionError(error, "expression failed");
  }
}

/** The sandboxed copy of `data` (see toSandboxData), its failure as an ExpressionError. */
export function sandbox(data: unknown): unknown {
  try {
    return toSandboxData(data);
  } catch (error) {
    throw toExpressionError(error, "expression data is unusable");
  }
}

/**
 * Evaluates a JSONata expression over `data` (a JSON value) and returns its result as plain JSON, `undefined`
 * when nothing matched. Throws ExpressionError when the expression does not parse, fails, passes the time limit
 * or gives a result over the output limit.
 */
export async function evaluateExpression(source: string, data: unknown, options?: CoreOptions): Promise<unknown> {
  const timeoutMs = timeoutOf(options);
  const budget = budgetOf(options);
  const result = await evaluateSandboxed(source, sandbox(data), timeoutMs, budget);
  checkOutput(result, budget);
  return result;
}

/**
 * The index of the first of `sources` that is exactly `true` over `data`, -1 when none is; the ones after it are
 * not evaluated (a decision's conditions, in edge order). Throws the first failure met before a true one.
 */
export async function firstTrue(sources: readonly string[], data: unknown, options?: CoreOptions): Promise<number> {
  const timeoutMs = timeoutOf(options);
  const sandboxed = sandbox(data);
  for (const [index, source] of sources.entries()) {
    if ((await evaluateSandboxed(source, sandboxed, timeoutMs, budgetOf(options))) === true) return index;
  }
  return -1;
}

/** Where a value sits in params, for error messages: `headers.Authorization`, `items[2]`. */
function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** The sandboxed data, copied the first time an expression needs it: most params hold none. */
type SandboxOf = () => unknown;

interface ResolveState {
  sandboxed: SandboxOf;
  timeoutMs: number;
  budget: OutputBudget;
  /** `$secret` while a phase's params are resolved; absent elsewhere, where calling it fails. */
  bindings: Record<string, unknown> | undefined;
}

async function resolveValue(value: unknown, path: string, state: ResolveState): Promise<unknown> {
  if (isDynamicValue(value)) {
    try {
      return await evaluateSandboxed(value.slice(1), state.sandboxed(), state.timeoutMs, state.budget, state.bindings);
    } catch (error) {
      const e = toExpressionError(error, "expression failed");
      throw new ExpressionError(`params.${path}: ${e.message}`, e.code, e.position);
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [index, item] of value.entries()) out.push(await resolveValue(item, childPath(path, index), state));
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      defineValue(out, key, await resolveValue(item, childPath(path, key), state));
    }
    return out;
  }
  return value;
}

/**
 * A copy of `params` in which every string starting with "=", at any depth, is replaced by the value of the
 * JSONata expression after the "=", evaluated over `{ input, phases, vars }`. The context is copied into the
 * sandbox once for all of them, and not at all when there is none; the output limit applies to their results
 * together. Throws ExpressionError naming the param, e.g. `params.url: expression failed: …`.
 */
export async function resolveParams(
  params: Record<string, unknown>,
  context: InstanceContext,
  options?: ParamsOptions,
): Promise<Record<string, unknown>> {
  const timeoutMs = timeoutOf(options);
  let sandboxed: unknown;
  const sandboxOnce = () => {
    sandboxed ??= sandbox({ input: context.input, phases: context.phases, vars: context.vars });
    return sandboxed;
  };
  const budget = budgetOf(options);
  const nonce = options?.secretNonce;
  const bindings = nonce === undefined ? undefined : { secret: secretBinding(nonce) };
  const resolved = (await resolveValue(params, "", { sandboxed: sandboxOnce, timeoutMs, budget, bindings })) as Record<
    string,
    unknown
  >;
  checkOutput(resolved, budget);
  return resolved;
}

/** Empties the compiled-expression cache; for tests and benchmarks that measure cold compiles. */
export function clearExpressionCache(): void {
  cache.clear();
}

/** How many compiled expressions are cached; lets tests check the bound. */
export function expressionCacheSize(): number {
  return cache.size;
}
