/**
 * The handler call's side of `$secret("name")`: a phase's params come back from the expression process with a
 * marker where each secret goes (runtime/src/expression/secret-marker.ts). Here the markers become the secrets'
 * values for the handler only; what the attempt records shows "[secret:name]", and every occurrence of a value
 * in what comes back (output, log lines, error message) is cut out as "[redacted]" before anything is kept.
 */
import { randomBytes } from "node:crypto";
import { secretStrings, textRedactor } from "../crypto/redact.js";

/** A fresh nonce for one attempt's markers: text from outside cannot guess it, so cannot forge a marker. */
export function newSecretNonce(): string {
  return randomBytes(12).toString("hex");
}

/** How the recorded params show a secret. */
export const shownSecret = (name: string) => `[secret:${name}]`;

export interface SecretParams {
  /** The params as the attempt records them: "[secret:name]" where a value goes. */
  shown: Record<string, unknown>;
  /** The params the handler gets, values filled in; undefined when a secret is missing. */
  filled: Record<string, unknown> | undefined;
  /** The names the tenant has no secret for, in order. */
  missing: string[];
  /** Cuts the values read out of a text (for output, logs and errors). */
  redact: (text: string) => string;
}

/** A copy of a JSON-like value with every string, keys included, passed through `map`. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      Object.defineProperty(out, map(key), { value: mapStrings(item, map), enumerable: true, writable: true });
    return out;
  }
  return value;
}

/**
 * The params' secrets, read with `read` (the vault, for the instance's tenant): undefined when the params hold no
 * marker of this nonce (most phases), so nothing is read or copied.
 */
export async function fillSecrets(
  params: Record<string, unknown>,
  nonce: string,
  read: (name: string) => Promise<string | undefined>,
): Promise<SecretParams | undefined> {
  const marker = new RegExp(`\u27e6secret:${nonce}:([A-Za-z][A-Za-z0-9_.-]{0,99})\u27e7`, "g");
  const names = new Set<string>();
  mapStrings(params, (text) => {
    for (const match of text.matchAll(marker)) names.add(match[1] as string);
    return text;
  });
  if (names.size === 0) return undefined;
  const values = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    const value = await read(name);
    if (value === undefined) missing.push(name);
    else values.set(name, value);
  }
  const shown = mapStrings(params, (text) => text.replace(marker, (_, name: string) => shownSecret(name)));
  const filled =
    missing.length > 0
      ? undefined
      : mapStrings(params, (text) => text.replace(marker, (_, name: string) => values.get(name) as string));
  return {
    shown: shown as Record<string, unknown>,
    filled: filled as Record<string, unknown> | undefined,
    missing,
    redact: textRedactor(secretStrings([...values.values()])),
  };
}
