/**
 * A JSON value as the rows a tree shows: only the expanded part is walked, so a 5 MB value with its root open
 * costs one row per top-level entry, not one per leaf. Nodes are named by JSON Pointer ("" is the root), which
 * is also what the expanded set and the search results hold.
 */

export type JsonKind = "object" | "array" | "string" | "number" | "boolean" | "null";

export interface JsonRow {
  /** JSON Pointer of the node ("" for the root). */
  id: string;
  /** The key in its parent (a property name or an index); undefined for the root. */
  key: string | number | undefined;
  depth: number;
  kind: JsonKind;
  value: unknown;
  /** Entries of an object or array (0 for a scalar). */
  size: number;
  expanded: boolean;
  /** Position among its siblings, from 1, and how many siblings it has (aria-posinset / aria-setsize). */
  position: number;
  siblings: number;
  parent: string | undefined;
}

/** What the sealed-value layer puts in place of a sensitive field. */
export const REDACTED = "[redacted]";

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  if (t === "object") return "object";
  if (t === "string" || t === "number" || t === "boolean") return t;
  return "string";
}

/** The entries of a container as [key, child] pairs (an array by index). */
export function entriesOf(value: unknown): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value !== null && typeof value === "object") return Object.entries(value);
  return [];
}

function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === "object") return Object.keys(value).length;
  return 0;
}

/** JSON Pointer escaping of one reference token (RFC 6901). */
export const childId = (parent: string, key: string | number) =>
  `${parent}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;

/** The tokens of a JSON Pointer. */
export function pointerTokens(id: string): string[] {
  if (id === "") return [];
  return id
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The pointers of a node's ancestors, root first (not the node itself). */
export function ancestorsOf(id: string): string[] {
  const out: string[] = [];
  let at = id;
  while (at !== "") {
    at = at.slice(0, at.lastIndexOf("/"));
    out.unshift(at);
  }
  return out;
}

/**
 * The path a person pastes into an expression: `base.key[0].other`, keys that are not identifiers in backticks as
 * the flow format quotes them (e.g. phases.`wave-planning`.output).
 */
export function displayPath(id: string, base = ""): string {
  let out = base;
  for (const token of pointerTokens(id)) {
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else {
      const name = /^[A-Za-z_$][\w$]*$/.test(token) ? token : `\`${token}\``;
      out += out === "" ? name : `.${name}`;
    }
  }
  return out;
}

/** The rows of the tree with the nodes in `expanded` open, depth first. */
export function flattenTree(value: unknown, expanded: ReadonlySet<string>): JsonRow[] {
  const rows: JsonRow[] = [];
  const visit = (
    v: unknown,
    id: string,
    key: JsonRow["key"],
    depth: number,
    position: number,
    siblings: number,
    parent: string | undefined,
  ) => {
    const kind = kindOf(v);
    const size = sizeOf(v);
    const open = size > 0 && expanded.has(id);
    rows.push({ id, key, depth, kind, value: v, size, expanded: open, position, siblings, parent });
    if (!open) return;
    const entries = entriesOf(v);
    entries.forEach(([k, child], i) => {
      visit(child, childId(id, k), k, depth + 1, i + 1, entries.length, id);
    });
  };
  visit(value, "", undefined, 0, 1, 1, undefined);
  return rows;
}

/** Every container's pointer (expand all); bounded so a huge value does not build millions of rows at once. */
export function allContainers(value: unknown, limit = 50_000): Set<string> {
  const out = new Set<string>();
  const stack: Array<[unknown, string]> = [[value, ""]];
  while (stack.length > 0 && out.size < limit) {
    const [v, id] = stack.pop() as [unknown, string];
    if (sizeOf(v) === 0) continue;
    out.add(id);
    for (const [k, child] of entriesOf(v)) stack.push([child, childId(id, k)]);
  }
  return out;
}

/** The node at a pointer (undefined when there is none). */
export function valueAt(value: unknown, id: string): unknown {
  let at: unknown = value;
  for (const token of pointerTokens(id)) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}

/** A scalar as the tree prints it (strings quoted, as JSON). */
export function scalarText(value: unknown): string {
  if (value === undefined) return "null";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A collapsed container's summary: `{3}` keys or `[120]` items. */
export function summary(row: Pick<JsonRow, "kind" | "size">): string {
  if (row.kind === "array") return `[${row.size} item${row.size === 1 ? "" : "s"}]`;
  return `{${row.size} key${row.size === 1 ? "" : "s"}}`;
}

/** An expression path from its keys, e.g. expressionPath("phases", "wave-planning", "output"). */
export const expressionPath = (...keys: Array<string | number>): string =>
  displayPath(keys.reduce<string>((id, key) => childId(id, key), ""));
