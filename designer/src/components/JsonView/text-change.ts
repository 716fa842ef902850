/**
 * The smallest single change that turns one text into another: the common prefix and suffix are kept and only
 * the middle is replaced. A drag moves one node, so the JSON view's update is a few characters of `"x": 140`
 * instead of the whole document, which keeps CodeMirror's state (and the person's cursor and folds) intact.
 */

/** A change as CodeMirror takes it: replace `from`..`to` of the old text with `insert`. */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** The change from `before` to `after`, or undefined when they are equal. */
export function textChange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // The suffix may not reach back over the prefix (in either text), or "aa" -> "aaa" would overlap itself.
  let end = 0;
  while (
    end < shorter - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}
