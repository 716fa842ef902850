/**
 * What may read a tenant's secrets, as stored: the definitions that mention `$secret` (each flow type's latest
 * published version and its draft) and the webhooks whose auth names a secret. Which secret a definition reads
 * is worked out by the caller (runtime/src/secrets/secret-uses.ts) with the validator's own parser.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { flowDrafts, flowTypes, flowVersions, webhooks } from "./schema.js";

/** A definition that mentions `$secret`: a flow type's latest published version, or its draft. */
export interface DefinitionMentioningSecrets {
  flowTypeId: string;
  source: "published" | "draft";
  definition: unknown;
}

/** Cheap filter: only definitions whose text mentions `$secret` are read and parsed. */
const mentionsSecret = (column: typeof flowVersions.definition | typeof flowDrafts.definition) =>
  sql`${column}::text like '%$secret%'`;

/** The tenant's latest published definitions and drafts that mention `$secret`. */
export async function definitionsMentioningSecrets(
  ex: Executor,
  tenantId: string,
): Promise<DefinitionMentioningSecrets[]> {
  const published = await ex
    .select({ flowTypeId: flowVersions.flowTypeId, definition: flowVersions.definition })
    .from(flowVersions)
    .innerJoin(
      flowTypes,
      and(
        eq(flowTypes.tenantId, flowVersions.tenantId),
        eq(flowTypes.id, flowVersions.flowTypeId),
        eq(flowTypes.latestVersion, flowVersions.version),
      ),
    )
    .where(and(eq(flowVersions.tenantId, tenantId), mentionsSecret(flowVersions.definition)));
  const drafts = await ex
    .select({ flowTypeId: flowDrafts.flowTypeId, definition: flowDrafts.definition })
    .from(flowDrafts)
    .where(and(eq(flowDrafts.tenantId, tenantId), mentionsSecret(flowDrafts.definition)));
  return [
    ...published.map((row) => ({ ...row, source: "published" as const })),
    ...drafts.map((row) => ({ ...row, source: "draft" as const })),
  ];
}

/** The tenant's webhooks with the secret their auth names. */
export async function hookSecretNames(ex: Executor, tenantId: string): Promise<Array<{ id: string; secret: string }>> {
  const secret = sql<string>`${webhooks.auth}->>'secret'`;
  return ex
    .select({ id: webhooks.id, secret })
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, tenantId), isNotNull(secret)))
    .orderBy(webhooks.id);
}
