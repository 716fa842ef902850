/**
 * A webhook caller's proof: the secret's value itself (a token, in a header or the path) or a GitHub-style
 * signature, `sha256=<hex HMAC-SHA256 of the raw body keyed by the secret>`. Both are compared in constant time:
 * each side is hashed to 32 bytes first, so timingSafeEqual always compares equal lengths and the time taken
 * tells nothing about the value's length or its first differing byte.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type HookAuthType = "token" | "hmac";

/** What the caller presented: the header's value, or the token path segment. */
export interface Presented {
  header?: string | undefined;
  pathToken?: string | undefined;
}

const digest = (text: string | Uint8Array) => createHash("sha256").update(text).digest();

/** Whether two strings are equal, in time that depends on neither's content. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The signature header a sender computes for `body`: `sha256=<hex>`. */
export function signatureOf(body: Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * "ok", "missing" (nothing presented where this hook looks) or "wrong". A token hook takes the header or the path
 * segment (the path wins when both are there); an HMAC hook only its header (a path token is "wrong": the
 * secret of an HMAC hook is never sent).
 */
export function authenticate(
  type: HookAuthType,
  secret: string,
  body: Uint8Array,
  presented: Presented,
): "ok" | "missing" | "wrong" {
  if (type === "token") {
    const given = presented.pathToken ?? presented.header;
    if (given === undefined || given === "") return "missing";
    return sameSecret(given, secret) ? "ok" : "wrong";
  }
  if (presented.pathToken !== undefined) return "wrong";
  const given = presented.header?.trim();
  if (given === undefined || given === "") return "missing";
  // The hex digits' case is the sender's choice; the prefix is not.
  const normalised = given.startsWith("sha256=") ? `sha256=${given.slice(7).toLowerCase()}` : given;
  return sameSecret(normalised, signatureOf(body, secret)) ? "ok" : "wrong";
}
