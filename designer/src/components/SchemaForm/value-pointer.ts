/**
 * Reads and writes a form's value by JSON pointer without mutating it. Every edit in a form is one of these, so
 * React sees a new object along the edited path and the untouched branches keep their identity.
 */
import { escapePointerToken, parsePointer, resolvePointer } from "@mfo/schemas";

const INDEX = /^(0|[1-9][0-9]*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function tokensOf(pointer: string): string[] {
  const tokens = parsePointer(pointer);
  if (tokens === undefined) throw new RangeError(`not a JSON pointer: ${JSON.stringify(pointer)}`);
  return tokens;
}

/** The pointer of a child: `childPointer("/headers", "a/b")` is `/headers/a~1b`. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(token)}`;
}

/** The value at a pointer, or undefined when there is none (own properties only). */
export function getAt(document: unknown, pointer: string): unknown {
  const found = resolvePointer(document, pointer);
  return found.found ? found.value : undefined;
}

/** A copy of an object with one key set; built with fromEntries so that a key like "__proto__" stays data. */
function withKey(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const entries = Object.entries(record);
  const at = entries.findIndex(([k]) => k === key);
  if (at === -1) entries.push([key, value]);
  else entries[at] = [key, value];
  return Object.fromEntries(entries);
}

function setTokens(current: unknown, tokens: readonly string[], value: unknown): unknown {
  const [token, ...rest] = tokens;
  if (token === undefined) return value;
  if (Array.isArray(current)) {
    const index = token === "-" ? current.length : INDEX.test(token) ? Number(token) : Number.NaN;
    if (!(index <= current.length)) throw new RangeError(`no item ${token} in a list of ${current.length}`);
    const copy = [...current];
    copy[index] = setTokens(current[index], rest, value);
    return copy;
  }
  const record = isRecord(current) ? current : {};
  return withKey(record, token, setTokens(Object.hasOwn(record, token) ? record[token] : undefined, rest, value));
}

/**
 * A copy of `document` with `value` at `pointer`; missing objects on the way are created. The root pointer ""
 * returns `value`. Throws a RangeError for a malformed pointer or an index beyond the end of a list.
 */
export function setAt(document: unknown, pointer: string, value: unknown): unknown {
  return setTokens(document, tokensOf(pointer), value);
}

function deleteTokens(current: unknown, tokens: readonly string[]): unknown {
  const [token, ...rest] = tokens;
  if (token === undefined) return undefined;
  if (Array.isArray(current)) {
    if (!INDEX.test(token) || Number(token) >= current.length) return current;
    const index = Number(token);
    if (rest.length === 0) return current.filter((_, i) => i !== index);
    const inner = deleteTokens(current[index], rest);
    if (inner === current[index]) return current;
    const copy = [...current];
    copy[index] = inner;
    return copy;
  }
  if (!isRecord(current) || !Object.hasOwn(current, token)) return current;
  if (rest.length === 0) return Object.fromEntries(Object.entries(current).filter(([k]) => k !== token));
  const inner = deleteTokens(current[token], rest);
  return inner === current[token] ? current : withKey(current, token, inner);
}

/**
 * A copy of `document` without the value at `pointer`: an object loses the key, a list the item. When there
 * is nothing there, the same document is returned. Deleting the root gives undefined.
 */
export function deleteAt(document: unknown, pointer: string): unknown {
  return deleteTokens(document, tokensOf(pointer));
}

/** Sets `value` at `pointer`, or deletes it when `value` is undefined (how a form says "no value"). */
export function updateAt(document: unknown, pointer: string, value: unknown): unknown {
  return value === undefined ? deleteAt(document, pointer) : setAt(document, pointer, value);
}
