/**
 * Redaction: what replaces a secret wherever people can read it. Sealed markers become "[redacted]" in API bodies,
 * and the plaintext of the secrets an instance holds is cut out of error messages and log lines by value.
 */
import { isSealed } from "./sealer.js";

export const REDACTED = "[redacted]";

/**
 * Shorter values are not cut out of text: a two-character secret would shred every message and hides nothing
 * there anyway. Such values are still sealed at rest like any other.
 */
export const MIN_REDACTED_LENGTH = 4;

/** The strings (and numbers, as text) inside a secret value that text must not contain. */
export function secretStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === "string" || typeof value === "number") {
    const text = String(value);
    if (text.length >= MIN_REDACTED_LENGTH) into.add(text);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) secretStrings(item, into);
  }
  return into;
}

/** A function that replaces every occurrence of the secrets in a text, longest first; identity when none. */
export function textRedactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...secrets].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** A copy of a JSON-like value with every string passed through `redact` (for log fields). */
export function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  }
  return value;
}

/** The value as an API body shows it: every sealed marker replaced by "[redacted]"; unchanged parts are shared. */
export function redactSealed<T>(value: T): T {
  if (isSealed(value)) return REDACTED as T;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const shown = redactSealed(item);
      changed ||= shown !== item;
      return shown;
    });
    return (changed ? out : value) as T;
  }
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const shown = redactSealed(item);
    if (shown !== item) {
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = shown;
    }
  }
  return (out ?? value) as T;
}
