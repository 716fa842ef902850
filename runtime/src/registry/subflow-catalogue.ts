/**
 * What the subflow cycle check needs from the store: starting at a definition's subflow nodes, every published
 * version they can reach (pinned, or the latest) with the subflow references of each. Read before validating,
 * since validateFlow is synchronous; each version is read once, however many paths lead to it.
 */
import { type SubflowRef, subflowRefs } from "@mfo/schemas";
import type { Db } from "../store/database.js";
import { findDefinition, latestVersionNumber } from "../store/flow-type-repository.js";
import { subflowKey as keyOf, type ValidationJob } from "./validation-job.js";

/**
 * Most versions read for one check: a tenant's flow types reach far fewer in practice, and the bound keeps one
 * request from reading the whole store. What lies beyond is left unchecked; the runtime's depth bound remains.
 */
const MAX_VERSIONS_READ = 1_000;

/**
 * Where the subflows of `definition` lead among the tenant's published flow types, as data a validation job
 * carries (validation-job.ts turns it back into the SubflowCatalogue validateFlow takes).
 */
export async function loadSubflowCatalogue(
  db: Db,
  tenantId: string,
  definition: unknown,
): Promise<ValidationJob["subflows"]> {
  const self = (definition as { id?: unknown } | null)?.id;
  const latest = typeof self === "string" ? await latestVersionNumber(db, tenantId, self) : undefined;
  const nextVersion = (latest ?? 0) + 1;
  const isSelf = (ref: SubflowRef) =>
    ref.flowType === self && (ref.version === undefined || ref.version === nextVersion);
  const known = new Map<string, SubflowRef[] | undefined>();
  const queue = subflowRefs(definition).filter((ref) => !isSelf(ref));
  for (let head = 0; head < queue.length && known.size < MAX_VERSIONS_READ; head++) {
    const ref = queue[head] as SubflowRef;
    const key = keyOf(ref.flowType, ref.version);
    if (known.has(key)) continue;
    const found = await findDefinition(db, tenantId, ref.flowType, ref.version);
    const refs = found ? subflowRefs(found) : undefined;
    known.set(key, refs);
    for (const next of refs ?? [])
      if (!isSelf(next) && !known.has(keyOf(next.flowType, next.version))) queue.push(next);
  }
  return { nextVersion, targets: [...known] };
}
