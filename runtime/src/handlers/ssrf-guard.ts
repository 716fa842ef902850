/**
 * The SSRF guard of the `http` handler. A flow author chooses URLs, so without a guard a flow could reach the
 * cloud metadata service, the database or anything else on the runtime's network. Every hop is checked on the
 * address that will actually be connected to: the host is resolved once, every address is classified, and the
 * connection is pinned to those checked addresses through a custom `lookup`, so a DNS answer that changes
 * between the check and the connect (DNS rebinding) cannot slip through.
 *
 * IPv4 refuses the special-purpose ranges by list; IPv6 refuses everything outside global unicast 2000::/3
 * (fail closed) and checks the IPv4 address embedded in mapped, translated, NAT64 and 6to4 forms.
 */
import { promises as dns, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { HandlerError } from "./types.js";

/** Resolves a host name to every address it has; injectable so that tests need no real DNS. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

type Range4 = readonly [base: string, bits: number, reason: string];
type Range6 = readonly [base: string, bits: number, reason: string];

const forbidden4: readonly Range4[] = [
  ["0.0.0.0", 8, "this-network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

// Checked in order; the first match names the reason. Anything outside 2000::/3 is refused afterwards.
const forbidden6: readonly Range6[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["::", 96, "IPv4-compatible"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
  ["2001:db8::", 32, "documentation"],
  ["3fff::", 20, "documentation"],
  ["2001::", 23, "reserved"],
];

/** IPv6 prefixes whose low 32 bits are an IPv4 address that the packet ends up at. */
const embedding6: readonly (readonly [base: string, bits: number, form: string])[] = [
  ["::ffff:0:0", 96, "IPv4-mapped"],
  ["::ffff:0:0:0", 96, "IPv4-translated"],
  ["64:ff9b::", 96, "NAT64"],
];

function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  const address = text.replace(/%.*$/, ""); // a zone id (fe80::1%eth0) does not change the address
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === "") return [];
    const groups: number[] = [];
    const pieces = half.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        groups.push(Number.parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function inRange4(value: number, base: string, bits: number): boolean {
  const start = parseIPv4(base) ?? 0;
  const size = 2 ** (32 - bits);
  return value >= start && value < start + size;
}

function inRange6(value: bigint, base: string, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return value >> shift === (parseIPv6(base) ?? 0n) >> shift;
}

function classifyIPv4(value: number): string | undefined {
  return forbidden4.find(([base, bits]) => inRange4(value, base, bits))?.[2];
}

function classifyIPv6(value: bigint): string | undefined {
  for (const [base, bits, form] of embedding6) {
    if (inRange6(value, base, bits)) {
      const inner = classifyIPv4(Number(value & 0xffffffffn));
      return inner === undefined ? undefined : `${form} ${inner}`;
    }
  }
  if (inRange6(value, "2002::", 16)) {
    const inner = classifyIPv4(Number((value >> 80n) & 0xffffffffn));
    return inner === undefined ? undefined : `6to4 ${inner}`;
  }
  const named = forbidden6.find(([base, bits]) => inRange6(value, base, bits));
  if (named !== undefined) return named[2];
  return inRange6(value, "2000::", 3) ? undefined : "reserved";
}

/**
 * Why an IP address must not be called (e.g. "loopback", "private", "IPv4-mapped link-local"), or undefined for
 * a public address. Text that is not an IP address is refused as "not an IP address".
 */
export function classifyAddress(ip: string): string | undefined {
  const text = ip.replace(/^\[(.*)\]$/, "$1");
  const family = isIP(text.replace(/%.*$/, ""));
  if (family === 4) {
    const value = parseIPv4(text);
    return value === undefined ? "not an IP address" : classifyIPv4(value);
  }
  if (family === 6) {
    const value = parseIPv6(text);
    return value === undefined ? "not an IP address" : classifyIPv6(value);
  }
  return "not an IP address";
}

/** True when the `http` handler must refuse to connect to `ip` (unless its host is allowed). */
export function isForbiddenAddress(ip: string): boolean {
  return classifyAddress(ip) !== undefined;
}

/** A URL host as the allow list compares it: lower case, IPv6 without brackets. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
}

/** The hosts of MFO_HTTP_ALLOW_HOSTS ("a.internal, 10.0.0.5, [::1]"), normalized; empty when unset. */
export function parseAllowHosts(text?: string): string[] {
  if (text === undefined) return [];
  const hosts = text
    .split(",")
    .map(normalizeHost)
    .filter((host) => host !== "");
  return [...new Set(hosts)];
}

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, order: "verbatim" });

function refuse(message: string): HandlerError {
  return new HandlerError(message, "ssrf-refused", false);
}

/**
 * Checks one hop before it is made and returns the addresses to connect to. Refuses (HandlerError
 * "ssrf-refused", not retryable) a scheme other than http(s) or a host with any forbidden address, unless the
 * host is in `allowHosts`; a host that does not resolve is a retryable "dns-failed".
 */
export async function guardTarget(
  url: URL,
  allowHosts: ReadonlySet<string>,
  resolve: Resolver = systemResolver,
): Promise<LookupAddress[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse(`refused to call ${url.protocol}// URLs: only http and https are allowed`);
  }
  const host = normalizeHost(url.hostname);
  const allowed = allowHosts.has(host);
  const literal = isIP(host);
  let addresses: LookupAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new HandlerError(
        `cannot resolve host "${host}": ${typeof code === "string" ? code : String(error)}`,
        "dns-failed",
      );
    }
    if (addresses.length === 0) throw new HandlerError(`cannot resolve host "${host}": no addresses`, "dns-failed");
  }
  if (allowed) return addresses;
  for (const { address } of addresses) {
    const reason = classifyAddress(address);
    if (reason !== undefined) {
      const resolvesTo = address === host ? "" : ` (resolves to ${address})`;
      throw refuse(
        `refused to call host "${host}"${resolvesTo}: ${reason} addresses are not allowed; list the host in MFO_HTTP_ALLOW_HOSTS to allow it`,
      );
    }
  }
  return addresses;
}

/**
 * A `lookup` for http(s).request that answers only with the already checked addresses, so the socket connects
 * to exactly what the guard approved whatever DNS would say now.
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const wanted = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    const usable = addresses.filter((entry) => wanted === 0 || entry.family === wanted);
    const first = usable[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(`no checked IPv${wanted} address for ${hostname}`);
      error.code = "ENOTFOUND";
      callback(error, options.all ? [] : "", wanted === 6 ? 6 : 4);
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, first.address, first.family);
  };
}
