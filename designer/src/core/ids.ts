/**
 * Fresh ids for nodes and edges the editor creates (add, connect, paste, duplicate). Ids are readable
 * ("phase-3", "e8") because they appear in expressions (`phases.phase-3.output`) and in error messages, and they
 * never collide with an id already taken, so a new element can't silently merge with an existing one.
 */

/** Node ids are at most 64 characters (flow.schema.json `nodeId`); edge ids follow the same pattern. */
const MAX_ID_LENGTH = 64;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The readable stem of an id: `phase-3` -> `phase`, `import` -> `import`. Copies of a node are named after their
 * stem, so copying `phase-3` gives `phase-4` rather than `phase-3-1`.
 */
export function idStem(id: string): string {
  const stem = id.replace(/-\d+$/, "");
  return stem === "" ? "node" : stem;
}

/**
 * A fresh id `<stem><separator><n>` not in `taken`, where n is one more than the highest number already used
 * with that stem (so deleting `phase-2` and adding a phase never brings `phase-2` back while `phase-3` exists).
 * The stem is shortened when needed to keep the id within 64 characters.
 */
export function freshId(stem: string, taken: ReadonlySet<string>, separator = "-"): string {
  const pattern = new RegExp(`^${escapeRegExp(stem)}${escapeRegExp(separator)}(\\d+)$`);
  let highest = 0;
  for (const id of taken) {
    const match = pattern.exec(id);
    if (match?.[1] !== undefined) highest = Math.max(highest, Number(match[1]));
  }
  for (let n = highest + 1; ; n++) {
    const suffix = `${separator}${n}`;
    const candidate = `${stem.slice(0, MAX_ID_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A fresh node id named after the node's type (`phase-3`) or after the node it copies. */
export function freshNodeId(stem: string, taken: ReadonlySet<string>): string {
  return freshId(idStem(stem), taken, "-");
}

/** A fresh edge id in the style of the examples: `e1`, `e2`, ... */
export function freshEdgeId(taken: ReadonlySet<string>): string {
  return freshId("e", taken, "");
}
