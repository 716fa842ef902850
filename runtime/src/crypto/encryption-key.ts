/**
 * The keys that seal sensitive values, from the configuration: MFO_ENCRYPTION_KEY, else (embedded only) the key
 * kept in `<dataDir>/encryption.key`, generated at first start. With DATABASE_URL the key is required: several
 * processes share that database, and each generating its own key would make the others' rows unreadable.
 */
import { randomBytes } from "node:crypto";
import type { RuntimeConfig } from "../server/config.js";
import { keptSecret } from "./kept-secret.js";
import type { SealerKeys } from "./sealer.js";

export const ENCRYPTION_KEY_FILE = "encryption.key";

/** The current (and previous) key; an Error with a one-line message when the configuration cannot give one. */
export async function encryptionKeysOf(
  config: Pick<RuntimeConfig, "databaseUrl" | "dataDir" | "encryptionKey" | "encryptionKeyPrevious">,
): Promise<SealerKeys> {
  const previous = config.encryptionKeyPrevious;
  if (config.encryptionKey) return { current: config.encryptionKey, previous };
  if (config.databaseUrl)
    throw new Error(
      "MFO_ENCRYPTION_KEY is required with DATABASE_URL: set it to the base64 of 32 random bytes " +
        "(e.g. openssl rand -base64 32), the same in every runtime process",
    );
  const text = await keptSecret(config.dataDir, ENCRYPTION_KEY_FILE, () => randomBytes(32).toString("base64"));
  const current = Buffer.from(text, "base64");
  if (current.length !== 32)
    throw new Error(`${config.dataDir}/${ENCRYPTION_KEY_FILE} does not hold the base64 of 32 bytes; restore it`);
  return { current, previous };
}
