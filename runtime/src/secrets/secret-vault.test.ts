/**
 * The vault across key rotation, on PGlite restarted over one data folder: a secret sealed with the previous key
 * still opens once that key is MFO_ENCRYPTION_KEY_PREVIOUS, one written after the rotation is sealed with the new
 * key, and without the key that sealed it a read fails naming the key (never answers garbage or the marker).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyIdOf } from "../crypto/sealer.js";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { findSecret } from "../store/secret-repository.js";
import { testConfig } from "../testing/cli-harness.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keyC = randomBytes(32);

describe("the secret vault", () => {
  let dataDir: string;
  let runtime: Runtime | undefined;
  const start = async (encryptionKey: Buffer, encryptionKeyPrevious?: Buffer) => {
    await runtime?.close();
    runtime = await createRuntime(testConfig(dataDir, { encryptionKey, encryptionKeyPrevious }));
    return runtime;
  };
  /** The key id in the stored marker of a secret. */
  const sealedWith = async (rt: Runtime, name: string) => {
    const row = await findSecret(rt.database.db, "default", name);
    return String((row?.value as { $sealed?: string } | undefined)?.$sealed).split(".")[1];
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-vault-"));
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("opens a secret sealed with the previous key after a rotation, and seals new writes with the new key", async () => {
    let rt = await start(keyA);
    await rt.secrets.write("default", "old", "value-from-before", null);
    const stored = JSON.stringify((await findSecret(rt.database.db, "default", "old"))?.value);
    expect(stored).not.toContain("value-from-before");
    expect(await sealedWith(rt, "old")).toBe(keyIdOf(keyA));

    rt = await start(keyB, keyA);
    expect(await rt.secrets.read("default", "old")).toBe("value-from-before");
    await rt.secrets.write("default", "new", "value-from-after", null);
    expect(await sealedWith(rt, "new")).toBe(keyIdOf(keyB));
    expect(await rt.secrets.read("default", "new")).toBe("value-from-after");
    expect(await rt.secrets.read("default", "absent")).toBeUndefined();
    expect(await rt.secrets.read("other-tenant", "old")).toBeUndefined();

    rt = await start(keyC);
    await expect(rt.secrets.read("default", "new")).rejects.toThrow(keyIdOf(keyB));
  });
});
