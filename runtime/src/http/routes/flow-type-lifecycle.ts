/**
 * The end of a draft's or a flow type's life, and a way back: delete a draft, archive a flow type (after asking
 * how many instances it has), restore an old version as the draft. Soft where instances depend on it: an
 * archived flow type keeps its versions, so its instances keep running.
 */
import { notFound } from "../../errors.js";
import { countInstances, latestVersionNumber } from "../../store/flow-type-repository.js";
import type { RouteCall, RouteHandler } from "../context.js";
import { actorOf } from "../context.js";
import { versionNumber } from "./flow-types.js";

/** 404 unless the tenant has the flow type (a published version or a draft). */
async function ensureFlowType(call: RouteCall, id: string): Promise<void> {
  const tenant = call.principal.tenantId;
  if ((await latestVersionNumber(call.deps.db, tenant, id)) !== undefined) return;
  if (!(await call.deps.registry.draft(tenant, id))) throw notFound(`flow type "${id}"`);
}

export const flowTypeLifecycleRoutes = {
  "delete /flow-types/:id/draft": async (call) => {
    await call.deps.registry.deleteDraft(call.principal.tenantId, call.param("id"), actorOf(call));
    return call.c.body(null, 204);
  },

  "post /flow-types/:id/versions/:version/restore": async (call) => {
    const id = call.param("id");
    const version = versionNumber(call.param("version"));
    const draft = await call.deps.registry.restoreDraft(call.principal.tenantId, id, version, actorOf(call));
    return call.c.json({ ...draft, updatedAt: draft.updatedAt.toISOString() }, 200);
  },

  "get /flow-types/:id/instance-count": async (call) => {
    const id = call.param("id");
    await ensureFlowType(call, id);
    return call.c.json(await countInstances(call.deps.db, call.principal.tenantId, id), 200);
  },

  "delete /flow-types/:id": async (call) => {
    const archived = await call.deps.registry.archive(call.principal.tenantId, call.param("id"), actorOf(call));
    return call.c.json({ ...archived, archivedAt: archived.archivedAt.toISOString() }, 200);
  },
} satisfies Record<string, RouteHandler>;
