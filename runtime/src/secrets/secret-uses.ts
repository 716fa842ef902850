/**
 * Who uses each of a tenant's secrets: the flow types whose latest published version or draft reads it with
 * `$secret("name")` (and on which nodes), and the webhooks whose auth names it. The secrets list shows it, and a
 * delete is refused while a published version or a webhook uses the secret.
 */
import { secretReferences } from "@mfo/schemas";
import type { Executor } from "../store/database.js";
import { definitionsMentioningSecrets, hookSecretNames } from "../store/secret-use-repository.js";

export interface SecretUse {
  /** Flow types reading it in their latest published version or draft, with the nodes, by flow type id. */
  usedBy: Array<{ flowType: string; nodes: string[] }>;
  /** Flow types whose latest published version reads it (what blocks a delete). */
  publishedBy: string[];
  /** Ids of the webhooks it authenticates. */
  hooks: string[];
}

const emptyUse = (): SecretUse => ({ usedBy: [], publishedBy: [], hooks: [] });

/** Every use of the tenant's secrets, by secret name (a name nobody uses is absent). */
export async function secretUses(ex: Executor, tenantId: string): Promise<Map<string, SecretUse>> {
  const nodes = new Map<string, Map<string, Set<string>>>();
  const published = new Map<string, Set<string>>();
  for (const { flowTypeId, source, definition } of await definitionsMentioningSecrets(ex, tenantId)) {
    for (const ref of secretReferences(definition)) {
      const byType = nodes.get(ref.name) ?? new Map<string, Set<string>>();
      nodes.set(ref.name, byType);
      byType.set(flowTypeId, (byType.get(flowTypeId) ?? new Set()).add(ref.nodeId));
      if (source === "published") published.set(ref.name, (published.get(ref.name) ?? new Set()).add(flowTypeId));
    }
  }
  const uses = new Map<string, SecretUse>();
  const useOf = (name: string) => {
    const use = uses.get(name) ?? emptyUse();
    uses.set(name, use);
    return use;
  };
  for (const [name, byType] of nodes) {
    const use = useOf(name);
    use.usedBy = [...byType]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([flowType, ids]) => ({ flowType, nodes: [...ids].sort() }));
    use.publishedBy = [...(published.get(name) ?? [])].sort();
  }
  for (const hook of await hookSecretNames(ex, tenantId)) useOf(hook.secret).hooks.push(hook.id);
  return uses;
}
