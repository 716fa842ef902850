/**
 * Audit rows: who did what to which object, written in the same transaction as the change itself, so the log
 * and the data cannot disagree (a change without its row, or a row for a change that rolled back).
 */
import type { Db } from "./database.js";
import { type AuditOutcome, audit } from "./schema.js";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Who acts, and in which request: what every audited change is given by the API. */
export interface Actor {
  /** null: no tenant is known (a request with an unknown key). */
  tenantId: string | null;
  actorKeyId: string | null;
  requestId: string | null;
}

export async function insertAudit(
  tx: Db | Tx,
  actor: Actor,
  action: string,
  target: string | null,
  detail: Record<string, unknown> | null = null,
  outcome: AuditOutcome = "ok",
): Promise<void> {
  await tx.insert(audit).values({ ...actor, action, target, outcome, detail });
}
