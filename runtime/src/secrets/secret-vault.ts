/**
 * The one place a secret's value is sealed and opened. Everything else (the handler call resolving
 * `$secret("name")`, a webhook checking its token or signature) asks the vault for a value at the moment it needs
 * it and never stores, logs or answers it.
 */
import type { Sealer } from "../crypto/sealer.js";
import type { Db } from "../store/database.js";
import { findSecret, type SecretRow, upsertSecret } from "../store/secret-repository.js";

export interface SecretVault {
  /** The value of the tenant's secret `name`, or undefined when the tenant has no secret of that name. */
  read(tenantId: string, name: string): Promise<string | undefined>;
  /** Creates or replaces a secret (sealed with the current key); answers the stored row, without the value. */
  write(tenantId: string, name: string, value: string, by: string | null): Promise<SecretRow>;
}

export function createSecretVault(db: Db, sealer: Sealer): SecretVault {
  return {
    async read(tenantId, name) {
      const row = await findSecret(db, tenantId, name);
      if (row === undefined) return undefined;
      return sealer.open(row.value as { $sealed: string }) as string;
    },
    async write(tenantId, name, value, by) {
      return upsertSecret(db, tenantId, name, sealer.seal(value) as unknown as Record<string, unknown>, by);
    },
  };
}
