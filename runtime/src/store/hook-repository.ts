/**
 * A flow type's webhooks as stored. The settings are the API's, with defaults filled in by the route; the auth
 * object names a secret of the secrets store, never holds its value. A call looks a hook up by its id alone (the
 * id is the public, unguessable address), so `findHookById` reads across tenants; everything else is per tenant.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { secrets, webhooks } from "./schema.js";

/** A webhook as stored. */
export type HookRow = typeof webhooks.$inferSelect;

/** What create and update set: every setting (the route fills the defaults). */
export type HookSettings = Omit<HookRow, "id" | "tenantId" | "flowTypeId" | "createdAt" | "createdBy" | "updatedAt">;

export async function insertHook(
  ex: Executor,
  row: Pick<HookRow, "id" | "tenantId" | "flowTypeId"> & HookSettings,
): Promise<HookRow> {
  const [inserted] = await ex
    .insert(webhooks)
    .values({ ...row, createdBy: row.updatedBy })
    .returning();
  return inserted as HookRow;
}

/** The tenant's hook `id` of flow type `flowTypeId`; undefined for another flow type's or another tenant's. */
export async function findHook(
  ex: Executor,
  tenantId: string,
  flowTypeId: string,
  id: string,
): Promise<HookRow | undefined> {
  const [row] = await ex
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.flowTypeId, flowTypeId), eq(webhooks.id, id)));
  return row;
}

/** The hook a call names, whatever its tenant: the id alone is its address. */
export async function findHookById(ex: Executor, id: string): Promise<HookRow | undefined> {
  const [row] = await ex.select().from(webhooks).where(eq(webhooks.id, id));
  return row;
}

/**
 * A hook by its id with the sealed value of the secret it authenticates with (null when the tenant has no such
 * secret), in one read: a call needs both, and this is on every call's path.
 */
export async function findHookForCall(
  ex: Executor,
  id: string,
): Promise<{ hook: HookRow; sealedSecret: Record<string, unknown> | null } | undefined> {
  const [row] = await ex
    .select({ hook: webhooks, sealedSecret: secrets.value })
    .from(webhooks)
    .leftJoin(secrets, and(eq(secrets.tenantId, webhooks.tenantId), eq(secrets.name, sql`${webhooks.auth}->>'secret'`)))
    .where(eq(webhooks.id, id));
  return row;
}

/** A flow type's hooks, oldest first. */
export async function listHooks(ex: Executor, tenantId: string, flowTypeId: string): Promise<HookRow[]> {
  return ex
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.flowTypeId, flowTypeId)))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

/** Replaces a hook's settings; undefined when there is no such hook. */
export async function updateHook(
  ex: Executor,
  key: Pick<HookRow, "id" | "tenantId" | "flowTypeId">,
  settings: HookSettings,
): Promise<HookRow | undefined> {
  const [row] = await ex
    .update(webhooks)
    .set({ ...settings, updatedAt: sql`now()` })
    .where(and(eq(webhooks.tenantId, key.tenantId), eq(webhooks.flowTypeId, key.flowTypeId), eq(webhooks.id, key.id)))
    .returning();
  return row;
}

/** Deletes a hook; whether there was one. */
export async function deleteHook(ex: Executor, key: Pick<HookRow, "id" | "tenantId" | "flowTypeId">): Promise<boolean> {
  const rows = await ex
    .delete(webhooks)
    .where(and(eq(webhooks.tenantId, key.tenantId), eq(webhooks.flowTypeId, key.flowTypeId), eq(webhooks.id, key.id)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}
