/** One order for every error list MFO returns: document order, then code, then message; exact repeats dropped. */
import type { ValidationError } from "../generated/types.js";
import { comparePointers } from "../json/pointer.js";

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sortErrors(errors: ValidationError[]): ValidationError[] {
  const sorted = [...errors].sort(
    (a, b) => comparePointers(a.path, b.path) || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
  return sorted.filter((e, i) => {
    const previous = sorted[i - 1];
    return !(previous && e.path === previous.path && e.code === previous.code && e.message === previous.message);
  });
}
