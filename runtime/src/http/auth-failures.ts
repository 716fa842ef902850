/**
 * The failed-authentication limit (MFO_AUTH_FAILURE_LIMIT): after `limit` requests with a missing, malformed,
 * unknown or revoked key from one client address within a minute, that address's further requests without a key
 * this process knows answer 429 with a Retry-After, before the key is looked up and before anything is written.
 * So a flood of random keys costs neither database reads nor audit rows. State is per process, in memory, bounded.
 *
 * The client address is the TCP peer's (the socket's remote address), never X-Forwarded-For: a header is whatever
 * the client says, and trusting one set by a reverse proxy would be an explicit opt-in (not built). Behind a proxy
 * every client shares the proxy's address, so raise the limit there or set it to 0.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** The window the limit counts failures in. */
export const AUTH_FAILURE_WINDOW_MS = 60_000;

/** Addresses remembered at most; past it, expired windows are swept, then the oldest address is forgotten. */
const MAX_ADDRESSES = 10_000;

/** What an in-process request (app.request, no socket) counts as: one client, the process itself. */
export const LOCAL_ADDRESS = "local";

/**
 * The address a request's failures count against: the socket's remote address, an IPv4-mapped IPv6 address as
 * its IPv4 form, and an IPv6 address as its /64 network (one host usually holds a whole /64, so counting single
 * IPv6 addresses would let one attacker rotate through 2^64 of them).
 */
export function clientAddress(c: Context): string {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    // No Node socket behind this request: it was made in-process.
  }
  return address ? addressKey(address) : LOCAL_ADDRESS;
}

/** An address as the limit counts it (see clientAddress); exported for its unit test. */
export function addressKey(address: string): string {
  const plain = address.replace(/%.*$/, "").toLowerCase();
  const mapped = plain.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return mapped[1] as string;
  if (!plain.includes(":")) return plain;
  const [head = "", tail] = plain.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  const network = groups.slice(0, 4).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${network.join(":")}::/64`;
}

interface Window {
  failures: number;
  /** When this window ends, in `now()` milliseconds. */
  until: number;
}

export interface AuthFailureLimiter {
  /** 0 when `address` may try a key; else the whole seconds until it may again (at least 1). */
  blockedFor(address: string): number;
  /** Counts one failed authentication from `address`. */
  record(address: string): void;
}

/**
 * A limiter allowing `limit` failures per address per window (a fixed window starting at the address's first
 * failure); a limit of 0 turns it off. `now` in milliseconds.
 */
export function createAuthFailureLimiter(
  limit: number,
  now: () => number = () => performance.now(),
  windowMs = AUTH_FAILURE_WINDOW_MS,
  maxAddresses = MAX_ADDRESSES,
): AuthFailureLimiter {
  const windows = new Map<string, Window>();
  const current = (address: string, at: number): Window | undefined => {
    const window = windows.get(address);
    if (window && window.until <= at) {
      windows.delete(address);
      return undefined;
    }
    return window;
  };
  return {
    blockedFor(address) {
      if (limit <= 0) return 0;
      const at = now();
      const window = current(address, at);
      if (!window || window.failures < limit) return 0;
      return Math.max(1, Math.ceil((window.until - at) / 1000));
    },
    record(address) {
      if (limit <= 0) return;
      const at = now();
      const window = current(address, at);
      if (window) {
        window.failures++;
        return;
      }
      // A Map keeps insertion order, and every window lasts as long, so the first windows are the first to end:
      // expired ones are swept from the front, and if none has, the oldest is forgotten (amortised O(1)).
      for (const [key, w] of windows) {
        if (w.until > at && windows.size < maxAddresses) break;
        windows.delete(key);
        if (w.until > at) break;
      }
      windows.set(address, { failures: 1, until: at + windowMs });
    },
  };
}
