/**
 * The one place a secret's value is sealed and opened. Everything else (the handler call resolving
 * `$secret("name")`, a webhook checking its token or signature) asks the vault for a value at the moment it needs
 * it and never stores, logs or answers it.
 */
import type { Sealer } from "../crypto/sealer.js";
import type { Db, Executor } from "../store/database.js";
import { findSecret, type SecretRow, upsertSecret } from "../store/secret-repository.js";

export interface SecretVault {
  /** The value of the tenant's secret `name`, or undefined when the tenant has no secret of that name. */
  read(tenantId: string, name: string): Promise<string | undefined>;
  /** The value of a secret's sealed column read along with another row (a webhook call reads both in one query). */
  open(sealed: Record<string, unknown>): string;
  /**
   * Creates or replaces a secret (sealed with the current key); answers the stored row (its value sealed). `ex`:
   * a transaction to write it in (the route audits in the same one); default the database.
   */
  write(tenantId: string, name: string, value: string, by: string | null, ex?: Executor): Promise<SecretRow>;
}

export function createSecretVault(db: Db, sealer: Sealer): SecretVault {
  return {
    async read(tenantId, name) {
      const row = await findSecret(db, tenantId, name);
      if (row === undefined) return undefined;
      return sealer.open(row.value as { $sealed: string }) as string;
    },
    open(sealed) {
      return sealer.open(sealed as { $sealed: string }) as string;
    },
    async write(tenantId, name, value, by, ex = db) {
      return upsertSecret(ex, tenantId, name, sealer.seal(value) as unknown as Record<string, unknown>, by);
    },
  };
}
