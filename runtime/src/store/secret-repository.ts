/**
 * The tenant's secrets as stored: the value only as the sealer's marker (AES-256-GCM), so neither the database
 * nor a dump of it holds a usable secret. Sealing and opening are the caller's (runtime/src/secrets).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { secrets } from "./schema.js";

/** A secret as stored: its sealed value, never the value. */
export type SecretRow = typeof secrets.$inferSelect;

/** Creates or replaces a secret's sealed value; answers the row as it now is. */
export async function upsertSecret(
  ex: Executor,
  tenantId: string,
  name: string,
  sealed: Record<string, unknown>,
  by: string | null,
): Promise<SecretRow> {
  const [row] = await ex
    .insert(secrets)
    .values({ tenantId, name, value: sealed, createdBy: by, updatedBy: by })
    .onConflictDoUpdate({
      target: [secrets.tenantId, secrets.name],
      set: { value: sealed, updatedBy: by, updatedAt: sql`now()` },
    })
    .returning();
  return row as SecretRow;
}

/** One secret of the tenant, sealed value included (for the one place that opens it). */
export async function findSecret(ex: Executor, tenantId: string, name: string): Promise<SecretRow | undefined> {
  const [row] = await ex
    .select()
    .from(secrets)
    .where(and(eq(secrets.tenantId, tenantId), eq(secrets.name, name)));
  return row;
}

/** The tenant's secrets by name. */
export async function listSecrets(ex: Executor, tenantId: string): Promise<SecretRow[]> {
  return ex.select().from(secrets).where(eq(secrets.tenantId, tenantId)).orderBy(asc(secrets.name));
}

/** The names of the tenant's secrets (what publish checks `$secret("name")` against). */
export async function listSecretNames(ex: Executor, tenantId: string): Promise<string[]> {
  const rows = await ex.select({ name: secrets.name }).from(secrets).where(eq(secrets.tenantId, tenantId));
  return rows.map((row) => row.name);
}

/** Deletes a secret; whether there was one. */
export async function deleteSecret(ex: Executor, tenantId: string, name: string): Promise<boolean> {
  const rows = await ex
    .delete(secrets)
    .where(and(eq(secrets.tenantId, tenantId), eq(secrets.name, name)))
    .returning({ name: secrets.name });
  return rows.length > 0;
}
