/**
 * Test support: freezes a document all the way down, so a command that changed its input instead of returning
 * a new document would throw (modules run in strict mode) rather than pass unnoticed.
 */

/** `value`, frozen with everything it contains. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
