/**
 * Flow types, their published versions and their drafts, per tenant. A version is immutable once inserted; a
 * flow type row holds the number of its latest version; a draft is whatever the architect last saved.
 * The rules (validate, compile, "same definition: no new version") live in registry/flow-registry.ts, which runs
 * these functions in one transaction.
 */
import { ACTIVE_STATUSES, type FlowDefinition } from "@mfo/schemas";
import { and, count, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Executor } from "./database.js";
import { flowDrafts, flowTypes, flowVersions, instances } from "./schema.js";

/** A flow type as stored: its name and description as of its latest version. */
export type FlowTypeRow = typeof flowTypes.$inferSelect;
/** One published version of a flow type. */
export type FlowVersionRow = typeof flowVersions.$inferSelect;
/** A flow type's draft. */
export type FlowDraftRow = typeof flowDrafts.$inferSelect;

/** What a published version changes on its flow type row. */
export interface FlowTypeFields {
  name: string;
  description: string | null;
  latestVersion: number;
  updatedAt: Date;
}

const typeKey = (tenantId: string, id: string) => and(eq(flowTypes.tenantId, tenantId), eq(flowTypes.id, id));
const versionsOf = (tenantId: string, id: string) =>
  and(eq(flowVersions.tenantId, tenantId), eq(flowVersions.flowTypeId, id));
const draftKey = (tenantId: string, id: string) =>
  and(eq(flowDrafts.tenantId, tenantId), eq(flowDrafts.flowTypeId, id));

/** The tenant's flow types (those with at least one published version), the archived ones too when asked. */
export async function listFlowTypes(ex: Executor, tenantId: string, archived = false): Promise<FlowTypeRow[]> {
  return ex
    .select()
    .from(flowTypes)
    .where(and(eq(flowTypes.tenantId, tenantId), archived ? undefined : isNull(flowTypes.archivedAt)));
}

/** The ids of the tenant's archived flow types (their drafts stay out of the list with them). */
export async function listArchivedIds(ex: Executor, tenantId: string): Promise<string[]> {
  const rows = await ex
    .select({ id: flowTypes.id })
    .from(flowTypes)
    .where(and(eq(flowTypes.tenantId, tenantId), isNotNull(flowTypes.archivedAt)));
  return rows.map((row) => row.id);
}

/**
 * A flow type's latest version number and when it was archived (undefined: never published, not archived), in
 * one read; undefined when there is no such flow type.
 */
export async function flowTypeHead(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<{ latestVersion: number | undefined; archivedAt: Date | undefined } | undefined> {
  const [row] = await ex
    .select({ latest: flowTypes.latestVersion, at: flowTypes.archivedAt })
    .from(flowTypes)
    .where(typeKey(tenantId, id));
  return row ? { latestVersion: row.latest ?? undefined, archivedAt: row.at ?? undefined } : undefined;
}

/** Archives a flow type that is not archived yet; false when there is no such flow type or it is archived. */
export async function archiveFlowType(ex: Executor, tenantId: string, id: string, at: Date): Promise<boolean> {
  const rows = await ex
    .update(flowTypes)
    .set({ archivedAt: at })
    .where(and(typeKey(tenantId, id), isNull(flowTypes.archivedAt)))
    .returning({ id: flowTypes.id });
  return rows.length > 0;
}

/** Brings an archived flow type back (an architect published it or saved a draft of it); true when it was archived. */
export async function unarchiveFlowType(ex: Executor, tenantId: string, id: string): Promise<boolean> {
  const rows = await ex
    .update(flowTypes)
    .set({ archivedAt: null })
    .where(and(typeKey(tenantId, id), isNotNull(flowTypes.archivedAt)))
    .returning({ id: flowTypes.id });
  return rows.length > 0;
}

/**
 * How many instances of a flow type there are (soft-deleted ones not counted, as the API no longer shows them) and
 * how many are active. Asked before archiving, not on a hot path: no index of its own (one would cost every commit).
 */
export async function countInstances(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<{ total: number; active: number }> {
  const of = and(eq(instances.tenantId, tenantId), eq(instances.flowTypeId, id), isNull(instances.deletedAt));
  const [all] = await ex.select({ n: count() }).from(instances).where(of);
  const [live] = await ex
    .select({ n: count() })
    .from(instances)
    .where(and(of, inArray(instances.status, [...ACTIVE_STATUSES])));
  return { total: all?.n ?? 0, active: live?.n ?? 0 };
}

/** The ids of the tenant's flow types. */
export async function listFlowTypeIds(ex: Executor, tenantId: string): Promise<string[]> {
  const rows = await ex.select({ id: flowTypes.id }).from(flowTypes).where(eq(flowTypes.tenantId, tenantId));
  return rows.map((row) => row.id);
}

/** A flow type's row locked until the transaction ends (FOR UPDATE): publishers of one type take turns. */
export async function lockFlowType(ex: Executor, tenantId: string, id: string): Promise<FlowTypeRow | undefined> {
  const [row] = await ex.select().from(flowTypes).where(typeKey(tenantId, id)).for("update");
  return row;
}

/** The number of a flow type's latest version; undefined when it has none. */
export async function latestVersionNumber(ex: Executor, tenantId: string, id: string): Promise<number | undefined> {
  const [row] = await ex.select({ latest: flowTypes.latestVersion }).from(flowTypes).where(typeKey(tenantId, id));
  return row?.latest ?? undefined;
}

/** Creates a flow type's row with its first version's fields. */
export async function insertFlowType(
  ex: Executor,
  tenantId: string,
  id: string,
  fields: FlowTypeFields,
): Promise<void> {
  await ex.insert(flowTypes).values({ tenantId, id, ...fields });
}

/** Updates a flow type's row to a new latest version's fields. */
export async function updateFlowType(
  ex: Executor,
  tenantId: string,
  id: string,
  fields: FlowTypeFields,
): Promise<void> {
  await ex.update(flowTypes).set(fields).where(typeKey(tenantId, id));
}

/** Stores a published version. */
export async function insertVersion(ex: Executor, row: FlowVersionRow): Promise<void> {
  await ex.insert(flowVersions).values(row);
}

/** The hash of one version's definition; undefined when there is no such version. */
export async function versionHash(
  ex: Executor,
  tenantId: string,
  id: string,
  version: number,
): Promise<string | undefined> {
  const [row] = await ex
    .select({ hash: flowVersions.hash })
    .from(flowVersions)
    .where(and(versionsOf(tenantId, id), eq(flowVersions.version, version)));
  return row?.hash;
}

/** A version's definition, the latest one when `version` is absent; undefined when there is none. */
export async function findDefinition(
  ex: Executor,
  tenantId: string,
  id: string,
  version?: number,
): Promise<FlowDefinition | undefined> {
  const [row] = await ex
    .select({ definition: flowVersions.definition })
    .from(flowVersions)
    .where(and(versionsOf(tenantId, id), version === undefined ? undefined : eq(flowVersions.version, version)))
    .orderBy(desc(flowVersions.version))
    .limit(1);
  return row?.definition;
}

/** One published version. */
export async function findVersion(
  ex: Executor,
  tenantId: string,
  id: string,
  version: number,
): Promise<FlowVersionRow | undefined> {
  const [row] = await ex
    .select()
    .from(flowVersions)
    .where(and(versionsOf(tenantId, id), eq(flowVersions.version, version)));
  return row;
}

/** Every published version of a flow type, newest first. */
export async function listVersions(ex: Executor, tenantId: string, id: string): Promise<FlowVersionRow[]> {
  return ex.select().from(flowVersions).where(versionsOf(tenantId, id)).orderBy(desc(flowVersions.version));
}

/** Creates or replaces a flow type's draft. */
export async function saveDraft(ex: Executor, row: FlowDraftRow): Promise<void> {
  const { definition, updatedAt, updatedBy } = row;
  await ex
    .insert(flowDrafts)
    .values(row)
    .onConflictDoUpdate({
      target: [flowDrafts.tenantId, flowDrafts.flowTypeId],
      set: { definition, updatedAt, updatedBy },
    });
}

/** Deletes a flow type's draft; false when it had none. */
export async function deleteDraft(ex: Executor, tenantId: string, id: string): Promise<boolean> {
  const rows = await ex.delete(flowDrafts).where(draftKey(tenantId, id)).returning({ id: flowDrafts.flowTypeId });
  return rows.length > 0;
}

/** A flow type's draft, if it has one. */
export async function findDraft(ex: Executor, tenantId: string, id: string): Promise<FlowDraftRow | undefined> {
  const [row] = await ex.select().from(flowDrafts).where(draftKey(tenantId, id));
  return row;
}

/** The tenant's drafts (without who saved them). */
export async function listDrafts(
  ex: Executor,
  tenantId: string,
): Promise<Pick<FlowDraftRow, "flowTypeId" | "definition" | "updatedAt">[]> {
  return ex
    .select({ flowTypeId: flowDrafts.flowTypeId, definition: flowDrafts.definition, updatedAt: flowDrafts.updatedAt })
    .from(flowDrafts)
    .where(eq(flowDrafts.tenantId, tenantId));
}
