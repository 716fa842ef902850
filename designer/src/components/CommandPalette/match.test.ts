import { describe, expect, it } from "vitest";
import { filterCommands, matchScore } from "./match.js";

const labels = (names: string[]) => names.map((label) => ({ label }));

describe("command palette matching", () => {
  it("lists every command for an empty query, in order", () => {
    const commands = labels(["Add Phase", "Run", "Publish"]);
    expect(filterCommands(commands, "  ")).toEqual(commands);
  });

  it("finds words anywhere in the label, ignoring case, every word required", () => {
    const commands = labels(["Add Phase", "Add Decision", "Find node: Risk gate", "Publish"]);
    expect(filterCommands(commands, "add ph").map((c) => c.label)).toEqual(["Add Phase"]);
    expect(filterCommands(commands, "RISK").map((c) => c.label)).toEqual(["Find node: Risk gate"]);
    expect(filterCommands(commands, "add zebra")).toEqual([]);
  });

  it("accepts a subsequence of letters (a typo-ish 'fnd rsk'), ranked below real substrings", () => {
    expect(matchScore("Find node: Risk gate", "fnd rsk")).toBeGreaterThan(0);
    const ranked = filterCommands(labels(["Find node: Publish step", "Publish"]), "publish");
    expect(ranked.map((c) => c.label)).toEqual(["Publish", "Find node: Publish step"]);
    expect(matchScore("Run", "nur")).toBeUndefined();
  });

  it("prefers a match at the start of a word", () => {
    const ranked = filterCommands(labels(["Find node: Tapes", "Add Phase"]), "pha");
    expect(ranked.map((c) => c.label)).toEqual(["Add Phase"]);
    expect(matchScore("Add Phase", "ph")).toBeGreaterThan(matchScore("Find node: Alpha", "ph") ?? 0);
  });
});
