/**
 * Tenants and their API keys. A key is stored only as its SHA-256 hash (and its first characters, to tell keys
 * apart in lists), so the database never holds a usable key.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "./database.js";
import { apiKeys, type Role, tenants } from "./schema.js";

export type { Role };

/** A tenant as stored. */
export type TenantRow = typeof tenants.$inferSelect;
/** An API key as stored: its hash, never the key. */
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The stored form of a key: its SHA-256 hash in hex. */
export const hashKey = (key: string): string => createHash("sha256").update(key).digest("hex");

/** How many of a key's characters are kept in clear, to tell keys apart ("mfo_" and four more). */
const PREFIX_LENGTH = 8;

/** The tenant with this id, if it exists. */
export async function findTenant(ex: Executor, id: string): Promise<TenantRow | undefined> {
  const [row] = await ex.select().from(tenants).where(eq(tenants.id, id));
  return row;
}

/** Creates a tenant; undefined when one with its id exists already (which is left unchanged). */
export async function createTenant(ex: Executor, tenant: { id: string; name: string }): Promise<TenantRow | undefined> {
  const [row] = await ex.insert(tenants).values(tenant).onConflictDoNothing().returning();
  return row;
}

/** Creates the tenant unless it exists: what start-up does for the default tenant on every run. */
export async function ensureTenant(ex: Executor, tenant: { id: string; name: string }): Promise<void> {
  if (!(await findTenant(ex, tenant.id))) await createTenant(ex, tenant);
}

/** Every tenant by id, or only `only` when it is given. */
export async function listTenants(ex: Executor, only?: string): Promise<TenantRow[]> {
  return ex
    .select()
    .from(tenants)
    .where(only === undefined ? undefined : eq(tenants.id, only))
    .orderBy(asc(tenants.id));
}

/** Stores a key (by hash) for a tenant and role; returns its id. Idempotent for the same key. */
export async function storeKey(ex: Executor, tenantId: string, role: Role, name: string, key: string): Promise<string> {
  const keyHash = hashKey(key);
  // Insert-or-nothing, then read: processes starting together on one new database all store the same start-up key
  // (a read-then-insert let two of them insert, and the second stopped its start on the unique index).
  await ex
    .insert(apiKeys)
    .values({ tenantId, role, name, keyHash, prefix: key.slice(0, PREFIX_LENGTH) })
    .onConflictDoNothing({ target: apiKeys.keyHash });
  const [stored] = await ex.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return (stored as { id: string }).id;
}

/** Stores a new key (by hash) and returns its row. */
export async function createApiKey(
  ex: Executor,
  fields: { tenantId: string; role: Role; name: string; key: string },
): Promise<ApiKeyRow> {
  const { key, ...rest } = fields;
  const [row] = await ex
    .insert(apiKeys)
    .values({ ...rest, keyHash: hashKey(key), prefix: key.slice(0, PREFIX_LENGTH) })
    .returning();
  return row as ApiKeyRow;
}

/** A tenant's keys, revoked ones included, oldest first. */
export async function listApiKeys(ex: Executor, tenantId: string): Promise<ApiKeyRow[]> {
  return ex
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/** The key with this id (a UUID), only in `tenantId` when that is given. */
export async function findApiKey(ex: Executor, id: string, tenantId?: string): Promise<ApiKeyRow | undefined> {
  const [row] = await ex
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), tenantId === undefined ? undefined : eq(apiKeys.tenantId, tenantId)));
  return row;
}

/** Who an unrevoked key with this hash belongs to, if any. */
export async function findActiveKey(
  ex: Executor,
  keyHash: string,
): Promise<Pick<ApiKeyRow, "id" | "name" | "tenantId" | "role"> | undefined> {
  const [row] = await ex
    .select({ id: apiKeys.id, name: apiKeys.name, tenantId: apiKeys.tenantId, role: apiKeys.role })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

/**
 * Locks a tenant's unrevoked keys of one role (FOR UPDATE, until the transaction ends) and counts them: two
 * concurrent revocations cannot both see a second key and remove the last one.
 */
export async function lockActiveKeys(ex: Executor, tenantId: string, role: Role): Promise<number> {
  const rows = await ex
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.role, role), isNull(apiKeys.revokedAt)))
    .for("update");
  return rows.length;
}

/** Marks a key revoked now. */
export async function revokeApiKey(ex: Executor, id: string): Promise<void> {
  await ex.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
}
