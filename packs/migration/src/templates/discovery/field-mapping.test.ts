import type { HandlerContext } from "@mfo/runtime/pack";
import { describe, expect, it } from "vitest";
import { createFieldMappingHandler, mapFields } from "./field-mapping.js";
import { createFieldMappingValidator, mappingProblems } from "./field-mapping-validator.js";

const ctx = {} as HandlerContext;

describe("mapFields", () => {
  const mapping = { "Server Name": "hostname", "IP Address": "ip", Owner: "owner" };

  it("renames columns to canonical fields, matching names without regard to case or spaces", () => {
    const result = mapFields([{ " server name ": "web01", "ip address": "10.0.0.1", Notes: "x" }], mapping);
    expect(result.records).toEqual([{ hostname: "web01", ip: "10.0.0.1" }]);
    expect(result.unmappedColumns).toEqual(["Notes"]);
    expect(result.missingColumns).toEqual(["Owner"]);
    expect(result.count).toBe(1);
  });

  it("keeps unmapped columns when asked, and lets the first non-empty of two clashing columns win", () => {
    const result = mapFields([{ A: "", B: "b", Notes: "n" }], { A: "hostname", B: "hostname" }, true);
    expect(result.records).toEqual([{ hostname: "b", Notes: "n" }]);
  });

  it("runs as a handler and refuses a mapping that is not names to names", async () => {
    const handler = createFieldMappingHandler();
    await expect(handler.run({ records: [{ a: 1 }], mapping: { a: "id" } }, ctx)).resolves.toMatchObject({
      records: [{ id: 1 }],
    });
    await expect(handler.run({ records: [], mapping: { a: 1 } }, ctx)).rejects.toMatchObject({
      code: "invalid-params",
    });
  });
});

describe("the field-mapping validator", () => {
  const validator = createFieldMappingValidator();

  it("passes a mapping that feeds every required field once", async () => {
    const output = { mapping: { Name: "hostname", IP: "ip" }, missingColumns: [] };
    await expect(validator.check(output, { required: ["hostname", "ip"] }, ctx)).resolves.toEqual({ ok: true });
  });

  it("names required fields not mapped, fields mapped twice and required columns the records lack", () => {
    expect(mappingProblems({ A: "hostname", B: "hostname", C: "ip" }, ["hostname", "os"], ["C"])).toEqual([
      "required fields not mapped: os",
      '"hostname" is mapped from 2 columns: A, B',
    ]);
    expect(mappingProblems({ C: "ip" }, ["ip"], ["C"])).toEqual([
      "required fields mapped from columns no record has: ip (C)",
    ]);
  });

  it("fails an output without a mapping, and defaults to requiring hostname", async () => {
    await expect(validator.check({}, {}, ctx)).resolves.toEqual({
      ok: false,
      message: 'no mapping object at "mapping"',
    });
    await expect(validator.check({ mapping: { IP: "ip" } }, {}, ctx)).resolves.toEqual({
      ok: false,
      message: "required fields not mapped: hostname",
    });
  });
});
