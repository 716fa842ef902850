/**
 * Encryption at rest of sensitive values (AES-256-GCM, node:crypto). A sealed value is stored as a marker object,
 * `{ "$sealed": "v1.<keyId>.<iv>.<tag>.<ciphertext>" }`, which names the key that sealed it, so a rotation can read
 * old rows with the previous key and a key that is neither gives a clear error instead of garbage.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors.js";

export const SEALED_KEY = "$sealed";
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface SealedValue {
  [SEALED_KEY]: string;
}

/** The current key seals; the previous one (after a rotation) only opens. */
export interface SealerKeys {
  current: Buffer;
  previous?: Buffer | undefined;
}

export interface Sealer {
  /** Id of the key new values are sealed with. */
  readonly keyId: string;
  /** Encrypts any JSON value into a marker (a fresh IV each time). */
  seal(value: unknown): SealedValue;
  /** Decrypts a marker sealed with the current or the previous key; anything else is a SealError. */
  open(marker: SealedValue): unknown;
}

/** A sealed value the runtime cannot read: unknown key, altered bytes or a malformed marker. */
export class SealError extends AppError {
  constructor(message: string) {
    super(503, "sealed-value-unreadable", message);
    this.name = "SealError";
  }
}

/** Whether a value is a marker: an object whose one key is `$sealed`, holding a string. */
export function isSealed(value: unknown): value is SealedValue {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === SEALED_KEY && typeof (value as SealedValue)[SEALED_KEY] === "string";
}

/** A short public id of a key: it tells keys apart without revealing anything about them. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256")
    .update("mfo-encryption-key-id\0")
    .update(key)
    .digest()
    .subarray(0, 8)
    .toString("base64url");
}

function checkKey(key: Buffer, name: string): void {
  if (key.length !== KEY_BYTES) throw new Error(`${name} must be ${KEY_BYTES} bytes, not ${key.length}`);
}

/** A sealer over the current key (and the previous one, for reading rows sealed before a rotation). */
export function createSealer(keys: SealerKeys): Sealer {
  checkKey(keys.current, "the encryption key");
  if (keys.previous) checkKey(keys.previous, "the previous encryption key");
  const keyId = keyIdOf(keys.current);
  const byId = new Map<string, Buffer>([[keyId, keys.current]]);
  if (keys.previous && !byId.has(keyIdOf(keys.previous))) byId.set(keyIdOf(keys.previous), keys.previous);

  return {
    keyId,
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keys.current, iv, { authTagLength: TAG_BYTES });
      // The header is authenticated too: a marker cannot be relabelled with another key id or version.
      cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
      const text = cipher.update(JSON.stringify(value ?? null), "utf8");
      const ciphertext = Buffer.concat([text, cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
      return { [SEALED_KEY]: [VERSION, keyId, ...parts].join(".") };
    },
    open(marker) {
      const parts = marker[SEALED_KEY].split(".");
      const [version, id, iv, tag, ciphertext] = parts;
      if (parts.length !== 5 || version !== VERSION || !id || !iv || !tag || ciphertext === undefined)
        throw new SealError("a sealed value is malformed (not a v1 marker of this runtime)");
      const key = byId.get(id);
      if (!key)
        throw new SealError(
          `a value was sealed with encryption key ${id}, which is neither MFO_ENCRYPTION_KEY (${keyId}) nor ` +
            "MFO_ENCRYPTION_KEY_PREVIOUS; start the runtime with the key that sealed it",
        );
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const text = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
        return JSON.parse(text.toString("utf8"));
      } catch {
        throw new SealError(`a value sealed with encryption key ${id} failed its integrity check (altered or corrupt)`);
      }
    },
  };
}
