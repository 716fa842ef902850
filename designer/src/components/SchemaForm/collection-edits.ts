/**
 * Edits of list and map fields (add, remove, reorder items; add, rename, remove entries), each returning a
 * new value. A rename keeps the entry's place, so the key/value editor does not jump while a key is typed.
 */
import { isRecord } from "./field-value.js";

/** A copy of `list` with `item` inserted at `index` (default: the end). */
export function insertItem(list: readonly unknown[], item: unknown, index: number = list.length): unknown[] {
  const at = Math.max(0, Math.min(index, list.length));
  return [...list.slice(0, at), item, ...list.slice(at)];
}

/** A copy of `list` without item `index`; the same list when there is no such item. */
export function removeItem(list: readonly unknown[], index: number): readonly unknown[] {
  return index >= 0 && index < list.length ? list.filter((_, i) => i !== index) : list;
}

/** A copy of `list` with item `from` moved to `to`; the same list when either is out of range. */
export function moveItem(list: readonly unknown[], from: number, to: number): readonly unknown[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}

/** `base`, or `base-2`, `base-3`... whichever `map` does not have yet. */
export function uniqueKey(map: Readonly<Record<string, unknown>>, base = "key"): string {
  if (!Object.hasOwn(map, base)) return base;
  let n = 2;
  while (Object.hasOwn(map, `${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A copy of `map` with a new entry under a fresh key, and that key. */
export function addEntry(
  map: Readonly<Record<string, unknown>>,
  value: unknown,
  base = "key",
): { value: Record<string, unknown>; key: string } {
  const key = uniqueKey(map, base);
  return { value: Object.fromEntries([...Object.entries(map), [key, value]]), key };
}

export type RenameResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

/** A copy of `map` with key `from` renamed to `to` in place; refused when `to` is taken by another entry. */
export function renameEntry(map: Readonly<Record<string, unknown>>, from: string, to: string): RenameResult {
  if (from === to) return { ok: true, value: { ...map } };
  if (Object.hasOwn(map, to)) return { ok: false, problem: `there is already an entry "${to}"` };
  return { ok: true, value: Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v])) };
}

/** A copy of `map` without `key`. */
export function removeEntry(map: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
}

/**
 * What an optional list or map field stores after an edit: nothing once it is empty (the key is removed, as
 * for any emptied optional field); a required one keeps its empty list or object.
 */
export function absentIfEmpty(value: unknown, required: boolean): unknown {
  if (required) return value;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (isRecord(value) && Object.keys(value).length === 0) return undefined;
  return value;
}
