/**
 * Search over a whole JSON value (not only the expanded rows): every node whose key or scalar value contains the
 * query, case-insensitively, in tree order, capped so a query of "e" on a 5 MB value stays quick to show.
 */
import { ancestorsOf, childId, entriesOf } from "./json-rows.js";

export interface SearchResult {
  /** Pointers of the matching nodes, in the order the tree shows them. */
  matches: string[];
  /** True when the search stopped at the cap. */
  capped: boolean;
}

export function searchJson(value: unknown, query: string, cap = 1000): SearchResult {
  const needle = query.trim().toLowerCase();
  const matches: string[] = [];
  if (needle === "") return { matches, capped: false };
  let capped = false;
  const visit = (v: unknown, id: string, key: string | number | undefined) => {
    if (capped) return;
    const keyHit = key !== undefined && String(key).toLowerCase().includes(needle);
    const scalar = v === null || typeof v !== "object";
    const valueHit = scalar && String(v).toLowerCase().includes(needle);
    if (keyHit || valueHit) {
      if (matches.length >= cap) {
        capped = true;
        return;
      }
      matches.push(id);
    }
    if (!scalar) for (const [k, child] of entriesOf(v)) visit(child, childId(id, k), k);
  };
  visit(value, "", undefined);
  return { matches, capped };
}

/** The containers to open so that each match is visible. */
export function ancestorsOfAll(matches: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const id of matches) for (const a of ancestorsOf(id)) out.add(a);
  return out;
}

/** Where `text` contains the query: [before, hit, after], or undefined when it does not. */
export function splitHit(text: string, query: string): [string, string, string] | undefined {
  const needle = query.trim().toLowerCase();
  if (needle === "") return undefined;
  const at = text.toLowerCase().indexOf(needle);
  if (at < 0) return undefined;
  return [text.slice(0, at), text.slice(at, at + needle.length), text.slice(at + needle.length)];
}
