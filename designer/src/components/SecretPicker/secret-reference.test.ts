import { describe, expect, it } from "vitest";
import { appendSecret, secretsRead, withSecret } from "./secret-reference.js";

describe("secret references", () => {
  it("makes an empty field read the secret alone", () => {
    expect(withSecret(undefined, "crm-token")).toBe('=$secret("crm-token")');
    expect(withSecret("", "crm-token")).toBe('=$secret("crm-token")');
  });

  it("keeps a literal prefix such as Bearer in front of the secret", () => {
    expect(withSecret("Bearer ", "crm-token")).toBe('="Bearer " & $secret("crm-token")');
  });

  it("appends the secret to an expression", () => {
    expect(withSecret('="x-" & input.id', "k")).toBe('="x-" & input.id & $secret("k")');
    expect(appendSecret("", "k")).toBe('$secret("k")');
  });

  it("finds the secrets a value reads", () => {
    expect(secretsRead(`="Bearer " & $secret("crm-token") & $secret('other')`)).toEqual(["crm-token", "other"]);
    expect(secretsRead("=input.secret")).toEqual([]);
  });
});
