/**
 * The SSRF guard without the network: the address classifier over the forbidden and public ranges, the allow
 * list parser, the per-hop check with a fake resolver, and the pinned lookup. Nothing here opens a socket.
 */
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import {
  classifyAddress,
  guardTarget,
  isForbiddenAddress,
  normalizeHost,
  parseAllowHosts,
  pinnedLookup,
  type Resolver,
} from "./ssrf-guard.js";
import { HandlerError } from "./types.js";

describe("isForbiddenAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.1", "private"],
    ["192.168.255.255", "private"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["0.0.0.0", "this-network"],
    ["0.1.2.3", "this-network"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback"],
    ["0:0:0:0:0:ffff:7f00:0001", "IPv4-mapped loopback"],
    ["::FFFF:10.0.0.1", "IPv4-mapped private"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped link-local"],
    ["::ffff:192.168.1.1", "IPv4-mapped private"],
    ["::ffff:0:0", "IPv4-mapped this-network"],
    ["::ffff:0:7f00:1", "IPv4-translated loopback"],
    ["64:ff9b::a9fe:a9fe", "NAT64 link-local"],
    ["2002:7f00:1::1", "6to4 loopback"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["100::1", "reserved"],
    ["[::1]", "loopback"],
  ])("refuses %s (%s)", (ip, reason) => {
    expect(isForbiddenAddress(ip)).toBe(true);
    expect(classifyAddress(ip)).toBe(reason);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "9.255.255.255",
    "11.0.0.1",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "169.253.255.255",
    "169.255.0.1",
    "192.167.255.255",
    "192.169.0.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("allows the public address %s", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });

  it.each(["localhost", "", "1.2.3", "256.0.0.1", "1.2.3.4.5", "::ffff:1.2.3", "1::2::3", "12345::1", "g::1"])(
    "refuses %j, which is not an IP address",
    (text) => {
      expect(classifyAddress(text)).toBe("not an IP address");
    },
  );
});

describe("parseAllowHosts", () => {
  it("splits MFO_HTTP_ALLOW_HOSTS on commas, trims, lower-cases, unbrackets and drops blanks and repeats", () => {
    expect(parseAllowHosts(" api.internal, 10.0.0.5 ,[::1],, API.Internal ")).toEqual([
      "api.internal",
      "10.0.0.5",
      "::1",
    ]);
  });

  it("gives no hosts when the variable is unset or empty", () => {
    expect(parseAllowHosts(undefined)).toEqual([]);
    expect(parseAllowHosts("")).toEqual([]);
    expect(parseAllowHosts(" , ")).toEqual([]);
  });

  it("normalizes a URL host the same way, so entries and URLs compare exactly", () => {
    expect(normalizeHost(new URL("http://[::1]:8080/").hostname)).toBe("::1");
    expect(normalizeHost(new URL("http://API.Internal/").hostname)).toBe("api.internal");
  });
});

/** A resolver answering from a table, recording what it was asked. */
function fakeResolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

async function refusal(promise: Promise<unknown>): Promise<HandlerError> {
  const error = await promise.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandlerError);
  return error as HandlerError;
}

describe("guardTarget", () => {
  const none = new Set<string>();

  it.each(["ftp://example.com/file", "file:///etc/passwd", "gopher://example.com/", "data:text/plain,hi"])(
    "refuses the scheme of %s",
    async (url) => {
      const error = await refusal(guardTarget(new URL(url), none, fakeResolver({})));
      expect(error.code).toBe("ssrf-refused");
      expect(error.retryable).toBe(false);
    },
  );

  it("refuses a host with any forbidden address among its answers, naming the host and the address", async () => {
    const resolve = fakeResolver({ "mixed.test": ["8.8.8.8", "10.1.2.3"] });
    const error = await refusal(guardTarget(new URL("https://mixed.test/x"), none, resolve));
    expect(error.code).toBe("ssrf-refused");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('"mixed.test"');
    expect(error.message).toContain("10.1.2.3");
    expect(error.message).toContain("private");
  });

  it("checks an IP literal itself without asking DNS", async () => {
    const resolve = fakeResolver({});
    const error = await refusal(
      guardTarget(new URL("http://[::ffff:169.254.169.254]/latest/meta-data"), none, resolve),
    );
    expect(error.message).toContain('"::ffff:a9fe:a9fe"');
    expect(error.message).toContain("IPv4-mapped link-local");
    expect(resolve.asked).toEqual([]);
  });

  it("refuses the numeric spellings of loopback that URLs normalize", async () => {
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://0/"]) {
      expect((await refusal(guardTarget(new URL(url), none, fakeResolver({})))).code).toBe("ssrf-refused");
    }
  });

  it("returns the checked addresses of a public host, to connect to those exactly", async () => {
    const resolve = fakeResolver({ "public.test": ["8.8.8.8", "2001:4860:4860::8888"] });
    await expect(guardTarget(new URL("https://public.test/"), none, resolve)).resolves.toEqual([
      { address: "8.8.8.8", family: 4 },
      { address: "2001:4860:4860::8888", family: 6 },
    ]);
  });

  it("lets an allowed host through by exact name, but not another name for the same address", async () => {
    const resolve = fakeResolver({ "db.internal": ["10.0.0.5"], "other.internal": ["10.0.0.5"] });
    const allow = new Set(["db.internal"]);
    await expect(guardTarget(new URL("http://db.internal:5432/"), allow, resolve)).resolves.toEqual([
      { address: "10.0.0.5", family: 4 },
    ]);
    expect((await refusal(guardTarget(new URL("http://other.internal/"), allow, resolve))).code).toBe("ssrf-refused");
  });

  it("lets an allowed IP through, but not another spelling of loopback", async () => {
    const allow = new Set(["127.0.0.1"]);
    const resolve = fakeResolver({ localhost: ["127.0.0.1"] });
    await expect(guardTarget(new URL("http://127.0.0.1:8080/"), allow, resolve)).resolves.toHaveLength(1);
    expect((await refusal(guardTarget(new URL("http://localhost:8080/"), allow, resolve))).code).toBe("ssrf-refused");
    expect((await refusal(guardTarget(new URL("http://[::1]:8080/"), allow, resolve))).code).toBe("ssrf-refused");
  });

  it("reports a host that does not resolve as a retryable dns-failed", async () => {
    const error = await refusal(guardTarget(new URL("http://nowhere.test/"), none, fakeResolver({})));
    expect(error.code).toBe("dns-failed");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("ENOTFOUND");
  });

  it("reports a resolver answer without addresses as dns-failed", async () => {
    const error = await refusal(guardTarget(new URL("http://empty.test/"), none, fakeResolver({ "empty.test": [] })));
    expect(error.code).toBe("dns-failed");
  });
});

describe("pinnedLookup", () => {
  const addresses: LookupAddress[] = [
    { address: "8.8.8.8", family: 4 },
    { address: "2001:4860:4860::8888", family: 6 },
  ];

  function lookup(options: { all?: boolean; family?: number }) {
    return new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => {
      pinnedLookup(addresses)("ignored.test", options, (error, address, family) => resolve({ error, address, family }));
    });
  }

  it("answers every checked address when asked for all, whatever the host name", async () => {
    expect((await lookup({ all: true })).address).toEqual(addresses);
  });

  it("answers the first checked address of the wanted family", async () => {
    expect(await lookup({})).toEqual({ error: null, address: "8.8.8.8", family: 4 });
    expect(await lookup({ family: 6 })).toEqual({ error: null, address: "2001:4860:4860::8888", family: 6 });
  });

  it("fails rather than fall back to DNS when no checked address has the wanted family", async () => {
    const only4 = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      pinnedLookup([{ address: "8.8.8.8", family: 4 }])("x.test", { family: 6 }, (error) => resolve(error));
    });
    expect(only4?.code).toBe("ENOTFOUND");
  });
});
