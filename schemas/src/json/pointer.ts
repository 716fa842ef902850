/**
 * RFC 6901 JSON pointers: every error MFO reports carries one, so the designer, the CLI and the API can all
 * point at the exact place in a definition.
 */

/** Escapes one reference token ("~" -> "~0", "/" -> "~1"). */
export function escapePointerToken(token: string | number): string {
  const text = String(token);
  // Most tokens are indexes or plain names: skip the two replacements for them (a hot path in validation).
  return text.includes("~") || text.includes("/") ? text.replaceAll("~", "~0").replaceAll("/", "~1") : text;
}

/** Builds a pointer from reference tokens: `pointer("nodes", 2, "id")` is `/nodes/2/id`. */
export function pointer(...tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join("");
}

/** Splits a pointer into unescaped tokens; `undefined` when the text is not a pointer. */
export function parsePointer(text: string): string[] | undefined {
  if (text === "") return [];
  if (!text.startsWith("/")) return undefined;
  return text
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

export type PointerResolution = { found: true; value: unknown } | { found: false };

/** Looks a pointer up in a document, own properties only (never walks into a prototype). */
export function resolvePointer(document: unknown, text: string): PointerResolution {
  const tokens = parsePointer(text);
  if (tokens === undefined) return { found: false };
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return { found: false };
      const index = Number(token);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (current !== null && typeof current === "object") {
      if (!Object.hasOwn(current, token)) return { found: false };
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/** Orders pointers as the document reads: token by token, array indexes numerically. */
export function comparePointers(a: string, b: string): number {
  const ta = parsePointer(a) ?? [a];
  const tb = parsePointer(b) ?? [b];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i] as string;
    const y = tb[i] as string;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}
