/** The sealer: AES-256-GCM round trips, tampering and unknown keys refused clearly, rotation through the previous key. */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSealer, isSealed, keyIdOf, SEALED_KEY, SealError, type SealedValue } from "./sealer.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32);

/** The marker with one base64url part of its payload changed (0 iv, 1 tag, 2 ciphertext). */
function altered(marker: SealedValue, part: number): SealedValue {
  const parts = marker[SEALED_KEY].split(".");
  const index = 2 + part;
  const bytes = Buffer.from(parts[index] as string, "base64url");
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[index] = bytes.toString("base64url");
  return { [SEALED_KEY]: parts.join(".") };
}

describe("sealer", () => {
  it("seals a value into a marker that names its key and hides the plaintext, and opens it again", () => {
    const sealer = createSealer({ current: keyA });
    const marker = sealer.seal({ token: "s3cr3t-token" });
    expect(isSealed(marker)).toBe(true);
    expect(marker[SEALED_KEY]).toMatch(new RegExp(`^v1\\.${keyIdOf(keyA)}\\.`));
    expect(JSON.stringify(marker)).not.toContain("s3cr3t");
    expect(sealer.open(marker)).toEqual({ token: "s3cr3t-token" });
  });

  it("uses a fresh IV each time: the same value never seals to the same marker", () => {
    const sealer = createSealer({ current: keyA });
    expect(sealer.seal("same")[SEALED_KEY]).not.toBe(sealer.seal("same")[SEALED_KEY]);
  });

  it("round-trips any JSON value", () => {
    const sealer = createSealer({ current: keyA });
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // JSON has no -0: it reads back as 0, like any value stored in a jsonb column.
        expect(sealer.open(sealer.seal(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it.each([
    [0, "IV"],
    [1, "tag"],
    [2, "ciphertext"],
  ])("refuses a marker whose %s (%s) was altered, with a clear error", (part) => {
    const sealer = createSealer({ current: keyA });
    const marker = altered(sealer.seal({ token: "abc" }), part);
    expect(() => sealer.open(marker)).toThrow(SealError);
    expect(() => sealer.open(marker)).toThrow(/failed its integrity check/);
  });

  it("refuses a marker relabelled with another key id, and a malformed one", () => {
    const sealer = createSealer({ current: keyA, previous: keyB });
    const parts = sealer.seal("x")[SEALED_KEY].split(".");
    parts[1] = keyIdOf(keyB);
    expect(() => sealer.open({ [SEALED_KEY]: parts.join(".") })).toThrow(/integrity check/);
    expect(() => sealer.open({ [SEALED_KEY]: "v1.only-two" })).toThrow(/malformed/);
    expect(() => sealer.open({ [SEALED_KEY]: "v9.a.b.c.d" })).toThrow(/malformed/);
  });

  it("opens what the previous key sealed after a rotation, and seals new values with the current key", () => {
    const old = createSealer({ current: keyA }).seal({ token: "before rotation" });
    const rotated = createSealer({ current: keyB, previous: keyA });
    expect(rotated.open(old)).toEqual({ token: "before rotation" });
    expect(rotated.seal("after")[SEALED_KEY].split(".")[1]).toBe(keyIdOf(keyB));
    expect(rotated.keyId).toBe(keyIdOf(keyB));
  });

  it("names both key ids when a value was sealed with a key it does not have", () => {
    const old = createSealer({ current: keyA }).seal("before rotation");
    const sealer = createSealer({ current: keyB });
    expect(() => sealer.open(old)).toThrow(SealError);
    expect(() => sealer.open(old)).toThrow(
      new RegExp(`sealed with encryption key ${keyIdOf(keyA)}.*MFO_ENCRYPTION_KEY \\(${keyIdOf(keyB)}\\)`),
    );
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => createSealer({ current: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => createSealer({ current: keyA, previous: randomBytes(31) })).toThrow(/previous encryption key/);
  });

  it("tells markers from ordinary objects", () => {
    expect(isSealed({ [SEALED_KEY]: "v1.x" })).toBe(true);
    expect(isSealed({ [SEALED_KEY]: "v1.x", other: 1 })).toBe(false);
    expect(isSealed({ [SEALED_KEY]: 42 })).toBe(false);
    expect(isSealed(["$sealed"])).toBe(false);
    expect(isSealed(null)).toBe(false);
  });
});
