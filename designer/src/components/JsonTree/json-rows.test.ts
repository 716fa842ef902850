import { describe, expect, it } from "vitest";
import { allContainers, ancestorsOf, displayPath, flattenTree, pointerTokens, valueAt } from "./json-rows.js";
import { ancestorsOfAll, searchJson, splitHit } from "./json-search.js";

const inventory = {
  assets: [
    { id: "app01", platform: "vmware", "depends/on": ["db01"] },
    { id: "db01", platform: "aws", os: "RHEL 7" },
  ],
  counts: { assets: 2 },
};

describe("flattenTree", () => {
  it("walks only the expanded containers, depth first", () => {
    const rows = flattenTree(inventory, new Set(["", "/assets"]));
    expect(rows.map((r) => r.id)).toEqual(["", "/assets", "/assets/0", "/assets/1", "/counts"]);
    expect(rows[2]).toMatchObject({ key: 0, depth: 2, kind: "object", size: 3, expanded: false, position: 1 });
    expect(rows[4]).toMatchObject({ position: 2, siblings: 2, parent: "" });
  });

  it("shows a collapsed root as one row", () => {
    expect(flattenTree(inventory, new Set())).toHaveLength(1);
  });

  it("escapes keys with slashes as JSON Pointer does, and reads them back", () => {
    const rows = flattenTree(inventory, allContainers(inventory));
    const id = rows.find((r) => r.key === "depends/on")?.id;
    expect(id).toBe("/assets/0/depends~1on");
    expect(pointerTokens(id ?? "")).toEqual(["assets", "0", "depends/on"]);
    expect(valueAt(inventory, id ?? "")).toEqual(["db01"]);
  });
});

describe("displayPath", () => {
  it("writes a pointer as an expression path, quoting keys that are not identifiers", () => {
    expect(displayPath("/assets/0/depends~1on", "phases.discovery.output")).toBe(
      "phases.discovery.output.assets[0].`depends/on`",
    );
    expect(displayPath("/counts/assets")).toBe("counts.assets");
    expect(ancestorsOf("/a/b/c")).toEqual(["", "/a", "/a/b"]);
  });
});

describe("searchJson", () => {
  it("finds keys and scalar values case-insensitively, in tree order", () => {
    const { matches } = searchJson(inventory, "DB01");
    expect(matches).toEqual(["/assets/0/depends~1on/0", "/assets/1/id"]);
    expect([...ancestorsOfAll(matches)].sort()).toEqual([
      "",
      "/assets",
      "/assets/0",
      "/assets/0/depends~1on",
      "/assets/1",
    ]);
  });

  it("stops at the cap and says so", () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ name: `server-${i}` }));
    const result = searchJson(many, "server", 10);
    expect(result.matches).toHaveLength(10);
    expect(result.capped).toBe(true);
  });

  it("finds nothing for a blank query", () => {
    expect(searchJson(inventory, "  ").matches).toEqual([]);
    expect(splitHit("RHEL 7", "hel")).toEqual(["R", "HEL", " 7"]);
  });
});
