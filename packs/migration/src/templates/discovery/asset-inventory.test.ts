import type { HandlerContext } from "@mfo/runtime/pack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseHostname, normaliseIp, normaliseOs, normaliseType } from "../../model/asset-inventory-normalise.js";
import { buildInventory, createAssetInventoryHandler } from "./asset-inventory.js";

describe("normalising asset fields", () => {
  it("lower-cases and trims hostnames, and refuses names DNS would refuse", () => {
    expect(normaliseHostname("  WEB01.Corp.Example.com. ")).toBe("web01.corp.example.com");
    expect(normaliseHostname("bad_name")).toBeUndefined();
    expect(normaliseHostname("")).toBeUndefined();
    expect(normaliseHostname(42)).toBeUndefined();
  });

  it("drops leading zeros from IPv4, lower-cases IPv6 and refuses anything else", () => {
    expect(normaliseIp(" 010.000.002.021 ")).toBe("10.0.2.21");
    expect(normaliseIp("FE80::1")).toBe("fe80::1");
    expect(normaliseIp("10.0.4.300")).toBeUndefined();
    expect(normaliseIp("not-an-ip")).toBeUndefined();
  });

  it("names operating systems canonically, with their platform and end-of-life flag", () => {
    expect(normaliseOs("Win2012 R2")).toEqual({ os: "Windows Server 2012 R2", platform: "windows", eol: true });
    expect(normaliseOs("Windows Server 2019 Datacenter")).toEqual({
      os: "Windows Server 2019",
      platform: "windows",
      eol: false,
    });
    expect(normaliseOs("Red Hat Enterprise Linux 8.6")).toEqual({ os: "RHEL 8", platform: "linux", eol: false });
    expect(normaliseOs("Ubuntu 18.04 LTS")).toEqual({ os: "Ubuntu 18.04", platform: "linux", eol: true });
    expect(normaliseOs("AIX 7.2")).toMatchObject({ os: "AIX", platform: "unix" });
    expect(normaliseOs("F5 BIG-IP")).toEqual({ os: "F5 BIG-IP", platform: "unknown", eol: false });
    expect(normaliseOs(" ")).toBeUndefined();
  });

  it("maps type aliases to the known types", () => {
    expect(normaliseType("VM")).toBe("server");
    expect(normaliseType("DB")).toBe("database");
    expect(normaliseType("Load Balancer")).toBe("load-balancer");
    expect(normaliseType("toaster")).toBe("unknown");
  });
});

describe("buildInventory", () => {
  const records = [
    { hostname: "APP01", ip: "10.0.0.1", os: "rhel 8", dependsOn: "db01, ext-api" },
    { hostname: "app01.corp.local", os: "Red Hat Enterprise Linux 8", cpu: "8", memoryGb: "32 GB", owner: "Ops" },
    { hostname: "db01", ip: "10.0.0.2", type: "DB", os: "Oracle Linux 8" },
    { hostname: "db-replica", ip: "10.0.0.2", type: "database" },
    { hostname: "", ip: "10.0.0.9" },
    { hostname: "x1", ip: "999.1.1.1" },
  ];

  it("merges duplicates by short hostname or IP, keeping the most complete fields", () => {
    const inventory = buildInventory(records);
    expect(inventory.counts).toEqual({ input: 6, valid: 4, rejected: 2, duplicatesMerged: 2, assets: 2 });
    expect(inventory.assets).toEqual([
      {
        id: "app01",
        hostname: "app01.corp.local",
        type: "server",
        platform: "linux",
        os: "RHEL 8",
        eol: false,
        ip: "10.0.0.1",
        cpu: 8,
        memoryGb: 32,
        owner: "Ops",
        dependsOn: ["db01"],
      },
      {
        id: "db01",
        hostname: "db-replica",
        type: "database",
        platform: "linux",
        os: "Oracle Linux 8",
        eol: false,
        ip: "10.0.0.2",
      },
    ]);
    expect(inventory.dependencies).toEqual([{ from: "app01", to: "db01" }]);
    expect(inventory.unresolved).toEqual([{ from: "app01", to: "ext-api" }]);
    expect(inventory.byPlatform).toEqual({ linux: 2 });
  });

  it("rejects records without a valid hostname or with an invalid IP, saying why", () => {
    expect(buildInventory(records).rejected).toEqual([
      { index: 4, reasons: ["missing hostname"] },
      { index: 5, hostname: "x1", reasons: ['invalid IP address "999.1.1.1"'] },
    ]);
  });

  it("keeps full names apart when short names are not matched", () => {
    const inventory = buildInventory([{ hostname: "a.one" }, { hostname: "a.two" }], { matchShortNames: false });
    expect(inventory.assets.map((a) => a.id)).toEqual(["a.one", "a.two"]);
  });

  const record = fc.record(
    {
      hostname: fc.constantFrom("web01", "WEB01.corp", "app01", "db01", " db01 ", "bad host", ""),
      ip: fc.constantFrom("10.0.0.1", "10.0.0.2", "010.0.0.3", "300.0.0.1", ""),
      os: fc.constantFrom("Windows Server 2016", "rhel 7", "CentOS 8", "Ubuntu 22.04", "plan9"),
      type: fc.constantFrom("vm", "db", "app", "gizmo"),
      dependsOn: fc.array(fc.constantFrom("web01", "app01", "db01", "nowhere"), { maxLength: 3 }),
    },
    { requiredKeys: ["hostname"] },
  );

  it("is idempotent: the inventory of an inventory is itself", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), (input) => {
        const once = buildInventory(input);
        const twice = buildInventory(once.assets);
        expect(twice.assets).toEqual(once.assets);
        expect(twice.counts.duplicatesMerged).toBe(0);
        expect(twice.rejected).toEqual([]);
      }),
    );
  });

  it("accounts for every record: valid plus rejected is the input, assets plus merged is the valid", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), (input) => {
        const { counts, assets, dependencies } = buildInventory(input);
        expect(counts.valid + counts.rejected).toBe(input.length);
        expect(counts.assets + counts.duplicatesMerged).toBe(counts.valid);
        expect(new Set(assets.map((a) => a.id)).size).toBe(assets.length);
        const ids = new Set(assets.map((a) => a.id));
        for (const d of dependencies) expect(ids.has(d.from) && ids.has(d.to)).toBe(true);
      }),
    );
  });

  it("runs as a handler over params.records and fails, not retryably, without them", async () => {
    const handler = createAssetInventoryHandler();
    expect(handler.entry).toMatchObject({ name: "asset-inventory", pure: true });
    const output = (await handler.run({ records: [{ hostname: "a" }] }, {} as HandlerContext)) as { counts: unknown };
    expect(output.counts).toMatchObject({ assets: 1 });
    await expect(handler.run({}, {} as HandlerContext)).rejects.toMatchObject({
      code: "invalid-params",
      retryable: false,
    });
  });
});
