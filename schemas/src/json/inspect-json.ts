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

/** Returns the first problem that makes `value` not a JSON tree, or null when it is one. */
export function inspectJson(value: unknown, options: InspectJsonOptions = {}): JsonProblem | null {
  const maxDepth = options.maxDepth ?? 128;
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.leave !== undefined) {
      ancestors.delete(frame.leave);
      continue;
    }
    const v = frame.value;
    switch (typeof v) {
      case "string":
      case "boolean":
        continue;
      case "number":
        if (!Number.isFinite(v)) return { path: pathOf(frame), message: `${v} is not a JSON number` };
        continue;
      case "object":
        break;
      default:
        return { path: pathOf(frame), message: `a value of type ${typeof v} is not JSON` };
    }
    if (v === null) continue;
    if (ancestors.has(v)) return { path: pathOf(frame), message: "the document contains itself (a reference cycle)" };
    if (frame.depth >= maxDepth) return { path: pathOf(frame), message: `nested deeper than ${maxDepth} levels` };
    ancestors.add(v);
    stack.push({ value: undefined, key: undefined, parent: undefined, depth: 0, leave: v });
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: frame, depth });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const child = (v as Record<string, unknown>)[key];
        // JSON.stringify drops undefined members, and so does every validator here, so they are allowed.
        if (child !== undefined) stack.push({ value: child, key, parent: frame, depth });
      }
    }
  }
  return null;
}
