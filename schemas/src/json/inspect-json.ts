/**
 * Checks that a value is a plain JSON tree before any validator walks it: a definition built in code may hold
 * reference cycles, functions, BigInts or NaN, and a hostile one may nest deep enough to overflow a recursive
 * walker. Iterative, so depth itself cannot overflow the stack here.
 */
import { pointer } from "./pointer.js";

export interface JsonProblem {
  path: string;
  message: string;
}

export interface InspectJsonOptions {
  /** Deepest nesting accepted (a definition's own structure is about 6 deep; schemas and params add some). */
  maxDepth?: number;
}

interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
  depth: number;
  /** Set on the marker frame that takes an object off the ancestor set once its children are done. */
  leave?: object;
}

function pathOf(frame: Frame): string {
  const tokens: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) tokens.push(f.key);
  return pointer(...tokens.reverse());
}

/** Why a primitive is not JSON, or null when it is (undefined members are allowed: JSON.stringify drops them). */
function primitiveProblem(value: unknown): string | null {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : `${value} is not a JSON number`;
    case "object":
      return null;
    default:
      return `a value of type ${typeof value} is not JSON`;
  }
}

/** Returns the first problem that makes `value` not a JSON tree, or null when it is one. */
export function inspectJson(value: unknown, options: InspectJsonOptions = {}): JsonProblem | null {
  const maxDepth = options.maxDepth ?? 128;
  const rootProblem = primitiveProblem(value);
  if (rootProblem) return { path: "", message: rootProblem };
  if (value === null || typeof value !== "object") return null;
  const ancestors = new Set<object>();
  // Only objects and arrays get frames; primitives are checked where they are met, which keeps a walk of a
  // large document nearly free of allocations.
  const stack: Frame[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  const child = (parent: Frame, key: string | number, v: unknown): JsonProblem | null => {
    if (v === null) return null;
    if (typeof v === "object") {
      stack.push({ value: v, key, parent, depth: parent.depth + 1 });
      return null;
    }
    const problem = primitiveProblem(v);
    return problem ? { path: pathOf({ value: v, key, parent, depth: 0 }), message: problem } : null;
  };
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.leave !== undefined) {
      ancestors.delete(frame.leave);
      continue;
    }
    const v = frame.value as object;
    if (ancestors.has(v)) return { path: pathOf(frame), message: "the document contains itself (a reference cycle)" };
    if (frame.depth >= maxDepth) return { path: pathOf(frame), message: `nested deeper than ${maxDepth} levels` };
    ancestors.add(v);
    stack.push({ value: undefined, key: undefined, parent: undefined, depth: 0, leave: v });
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const item = v[i];
        const problem =
          item === undefined
            ? { path: pathOf({ value: item, key: i, parent: frame, depth: 0 }), message: "undefined is not JSON" }
            : child(frame, i, item);
        if (problem) return problem;
      }
    } else {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const member = record[key];
        if (member === undefined) continue;
        const problem = child(frame, key, member);
        if (problem) return problem;
      }
    }
  }
  return null;
}
