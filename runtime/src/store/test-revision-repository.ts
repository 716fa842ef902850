/**
 * Test revisions: the exact definitions drafts were test-run with (POST /flow-types/:id/draft/test-runs), numbered
 * per flow type from 1. A revision never changes once written, so test instances pinned to one keep running what
 * the architect ran even after the draft is edited. Test-running the same definition again reuses its revision.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { testRevisions } from "./schema.js";
import { rowsOf } from "./statements.js";

const revisionsOf = (tenantId: string, flowTypeId: string) =>
  and(eq(testRevisions.tenantId, tenantId), eq(testRevisions.flowTypeId, flowTypeId));

/**
 * The revision of a flow type holding the definition with this hash, if one is stored, marked used now: its
 * created_at is moved on, so the retention sweep keeps it as long as test runs keep using it.
 */
export async function useTestRevisionByHash(
  ex: Executor,
  tenantId: string,
  flowTypeId: string,
  hash: string,
): Promise<number | undefined> {
  const [row] = await ex
    .update(testRevisions)
    .set({ createdAt: new Date() })
    .where(
      and(
        revisionsOf(tenantId, flowTypeId),
        eq(testRevisions.hash, hash),
        eq(
          testRevisions.revision,
          sql`(select max(revision) from test_revisions where tenant_id = ${tenantId}
            and flow_type_id = ${flowTypeId} and hash = ${hash})`,
        ),
      ),
    )
    .returning({ revision: testRevisions.revision });
  return row?.revision;
}

/**
 * Stores a definition as the flow type's next revision and returns its number. Two test runs racing for one
 * number: the primary key lets one in; the other takes the next number (a few tries, then the error surfaces).
 */
export async function insertTestRevision(
  ex: Executor,
  row: { tenantId: string; flowTypeId: string; definition: FlowDefinition; hash: string; createdBy: string | null },
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const result = await ex.execute(sql`
      insert into test_revisions (tenant_id, flow_type_id, revision, definition, hash, created_by)
      select ${row.tenantId}, ${row.flowTypeId}, coalesce(max(revision), 0) + 1, ${JSON.stringify(row.definition)}::json,
        ${row.hash}, ${row.createdBy}::uuid
      from test_revisions where tenant_id = ${row.tenantId} and flow_type_id = ${row.flowTypeId}
      on conflict do nothing
      returning revision`);
    const [inserted] = rowsOf(result);
    if (inserted) return inserted.revision as number;
    if (attempt >= 4) throw new Error(`could not number a test revision of "${row.flowTypeId}"`);
  }
}

/** A stored test revision's definition. */
export async function findTestRevision(
  ex: Executor,
  tenantId: string,
  flowTypeId: string,
  revision: number,
): Promise<FlowDefinition | undefined> {
  const [row] = await ex
    .select({ definition: testRevisions.definition })
    .from(testRevisions)
    .where(and(revisionsOf(tenantId, flowTypeId), eq(testRevisions.revision, revision)));
  return row?.definition;
}
