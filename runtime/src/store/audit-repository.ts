/**
 * The audit log's queries: who did what to which object. A change's "ok" row is written with the change's own
 * executor, inside its transaction, so the log and the data cannot disagree (a change without its row, or a row
 * for a change that rolled back).
 */
import { and, asc, desc, eq, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { type AuditOutcome, audit } from "./schema.js";

export type { AuditOutcome };

/** One row of the audit log as stored. */
export type AuditRow = typeof audit.$inferSelect;

/** Who acts, and in which request: what every audited change is given by the API. */
export interface Actor {
  /** null: no tenant is known (a request with an unknown key). */
  tenantId: string | null;
  actorKeyId: string | null;
  requestId: string | null;
}

/** Writes one audit row. */
export async function insertAudit(
  ex: Executor,
  actor: Actor,
  action: string,
  target: string | null,
  detail: Record<string, unknown> | null = null,
  outcome: AuditOutcome = "ok",
): Promise<void> {
  await ex.insert(audit).values({ ...actor, action, target, outcome, detail });
}

/**
 * Counts one occurrence in an aggregated audit row: the first of a `bucket` writes the row with `detail.count`
 * 1, each later one adds 1 to its count (an upsert on the bucket's unique index, atomic across processes). So
 * however many arrive, a bucket is one row.
 */
export async function countAudit(
  ex: Executor,
  bucket: string,
  actor: Actor,
  action: string,
  detail: Record<string, unknown>,
  outcome: AuditOutcome,
): Promise<void> {
  await ex
    .insert(audit)
    .values({ ...actor, action, target: null, outcome, detail: { ...detail, count: 1 }, bucket })
    .onConflictDoUpdate({
      target: audit.bucket,
      targetWhere: sql`${audit.bucket} is not null`,
      set: {
        detail: sql`jsonb_set(${audit.detail}, '{count}', to_jsonb(coalesce((${audit.detail}->>'count')::bigint, 1) + 1))`,
      },
    });
}

/** Which audit rows a page lists; every field set narrows it. */
export interface AuditFilter {
  tenantId: string;
  /** Also the rows that name no tenant (requests with unknown keys): the installation admin's own view. */
  withoutTenant?: boolean;
  actorKeyId?: string;
  action?: string;
  target?: string;
  outcome?: AuditOutcome;
  /** Written at or after this time. */
  from?: Date;
  /** Written before this time. */
  to?: Date;
  /** Only rows older than this id: the cursor of the previous page. */
  beforeId?: number;
}

/** A page of audit rows, newest first; `more` tells whether older rows match too. */
export async function listAudit(
  ex: Executor,
  filter: AuditFilter,
  limit: number,
): Promise<{ rows: AuditRow[]; more: boolean }> {
  const where: SQL[] = [
    (filter.withoutTenant
      ? or(eq(audit.tenantId, filter.tenantId), isNull(audit.tenantId))
      : eq(audit.tenantId, filter.tenantId)) as SQL,
  ];
  if (filter.actorKeyId !== undefined) where.push(eq(audit.actorKeyId, filter.actorKeyId));
  if (filter.action !== undefined) where.push(eq(audit.action, filter.action));
  if (filter.target !== undefined) where.push(eq(audit.target, filter.target));
  if (filter.outcome !== undefined) where.push(eq(audit.outcome, filter.outcome));
  if (filter.from) where.push(gte(audit.at, filter.from));
  if (filter.to) where.push(lt(audit.at, filter.to));
  if (filter.beforeId !== undefined) where.push(lt(audit.id, filter.beforeId));
  // One row more than the page tells whether there is a next page without counting.
  const rows = await ex
    .select()
    .from(audit)
    .where(and(...where))
    .orderBy(desc(audit.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Every audit row that names `target`, in any tenant, oldest first: an object's history. */
export async function auditTrail(ex: Executor, target: string): Promise<AuditRow[]> {
  return ex.select().from(audit).where(eq(audit.target, target)).orderBy(asc(audit.id));
}
