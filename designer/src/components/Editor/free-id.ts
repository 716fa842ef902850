/**
 * An id no flow type of the tenant has yet (archived ones included), for a new flow or a template's copy: a second
 * new flow must not land on the first one's draft.
 */
import type { FlowService as ApiClient } from "@mfo/client";

/** The longest flow type id (FLOW_TYPE_ID_PATTERN). */
const MAX_ID = 63;

/** `base`, else `base-2`, `base-3`… whichever the tenant does not use yet (`taken`). */
export function firstFreeId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** Asks the API which ids are taken and returns the first free one from `base`. */
export async function freeFlowTypeId(api: ApiClient, base: string): Promise<string> {
  const { items } = await api.listFlowTypes({ archived: true });
  return firstFreeId(base, new Set(items.map((t) => t.id)));
}
