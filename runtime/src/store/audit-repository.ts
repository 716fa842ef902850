/**
 * The audit log's queries: who did what to which object. A change's "ok" row is written with the change's own
 * executor, inside its transaction, so the log and the data cannot disagree (a change without its row, or a row
 * for a change that rolled back).
 */
import { and, asc, desc, eq, gte, isNull, lt, or, type SQL } from "drizzle-orm";
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
