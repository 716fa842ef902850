/** Flow-type routes: validate, drafts, publish, list, detail, versions, and the catalogue. */
import { FLOW_TYPE_ID_RULE, type FlowDefinition, type FlowTypeSummary, isFlowTypeId } from "@mfo/schemas";
import { invalid, invalidQuery, notFound } from "../../errors.js";
import {
  findVersion,
  flowTypeHead,
  listArchivedIds,
  listDrafts,
  listFlowTypes,
  listVersions,
} from "../../store/flow-type-repository.js";
import type { RouteCall, RouteHandler } from "../context.js";
import { actorOf } from "../context.js";

const json = (call: RouteCall, body: unknown, status = 200) => call.c.json(body as object, status as 200);

/** A version number from the path; 404 for anything else (no version "abc" exists). */
export function versionNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw notFound(`version ${text}`);
  return n;
}

export const flowTypeRoutes = {
  "post /flow-types/validate": async (call) => {
    const result = await call.deps.registry.validate(call.principal.tenantId, call.body);
    if (!result.valid) throw invalid("the flow definition is invalid", result.errors, "invalid-definition");
    return json(call, result);
  },

  "put /flow-types/:id/draft": async (call) => {
    if (call.body === null || typeof call.body !== "object" || Array.isArray(call.body)) {
      throw invalid("a draft must be a JSON object", [{ path: "", code: "wrong-type", message: "must be an object" }]);
    }
    const id = call.param("id");
    // A draft is saved under an id it could be published as.
    if (!isFlowTypeId(id)) {
      const message = `a flow type id is ${FLOW_TYPE_ID_RULE}`;
      throw invalid(message, [{ path: "/id", code: "invalid-id", message }], "invalid-id");
    }
    const draft = await call.deps.registry.saveDraft(
      call.principal.tenantId,
      id,
      call.body as Record<string, unknown>,
      actorOf(call),
    );
    return json(call, { ...draft, updatedAt: draft.updatedAt.toISOString() });
  },

  "post /flow-types": async (call) => {
    const published = await call.deps.registry.publish(call.principal.tenantId, call.body, actorOf(call));
    return json(call, { id: published.id, version: published.version }, published.created ? 201 : 200);
  },

  "post /flow-types/:id/publish": async (call) => {
    const id = call.param("id");
    const draft = await call.deps.registry.draft(call.principal.tenantId, id);
    if (!draft) throw notFound(`a draft of flow type "${id}"`);
    if (draft.definition.id !== id) {
      throw invalid(`the draft's id must be "${id}"`, [
        { path: "/id", code: "invalid-value", message: `must be "${id}"` },
      ]);
    }
    const published = await call.deps.registry.publish(call.principal.tenantId, draft.definition, actorOf(call));
    return json(call, { id: published.id, version: published.version }, published.created ? 201 : 200);
  },

  "get /flow-types": async (call) => {
    const tenant = call.principal.tenantId;
    const archived = call.c.req.query("archived");
    if (archived !== undefined && archived !== "true" && archived !== "false")
      throw invalidQuery("archived", "archived must be true or false");
    const types = await listFlowTypes(call.deps.db, tenant, archived === "true");
    const drafts = await listDrafts(call.deps.db, tenant);
    const draftIds = new Set(drafts.map((d) => d.flowTypeId));
    // The draft of an archived flow type stays out of the list with it (as if it had none: it is put away).
    const listed = new Set([...types.map((t) => t.id), ...(await listArchivedIds(call.deps.db, tenant))]);
    const items: FlowTypeSummary[] = types.map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      latestVersion: t.latestVersion,
      hasDraft: draftIds.has(t.id),
      updatedAt: t.updatedAt.toISOString(),
      ...(t.archivedAt ? { archivedAt: t.archivedAt.toISOString() } : {}),
    }));
    for (const d of drafts) {
      if (listed.has(d.flowTypeId)) continue;
      const name = typeof d.definition.name === "string" && d.definition.name ? d.definition.name : d.flowTypeId;
      items.push({ id: d.flowTypeId, name, latestVersion: null, hasDraft: true, updatedAt: d.updatedAt.toISOString() });
    }
    items.sort((a, b) => a.id.localeCompare(b.id));
    return json(call, { items });
  },

  "get /flow-types/:id": async (call) => {
    const tenant = call.principal.tenantId;
    const id = call.param("id");
    const versions = await listVersions(call.deps.db, tenant, id);
    const draft = await call.deps.registry.draft(tenant, id);
    if (versions.length === 0 && !draft) throw notFound(`flow type "${id}"`);
    const latest = versions[0];
    const archived = latest ? (await flowTypeHead(call.deps.db, tenant, id))?.archivedAt : undefined;
    return json(call, {
      id,
      latest: latest
        ? {
            id,
            version: latest.version,
            definition: latest.definition,
            publishedAt: latest.publishedAt.toISOString(),
            ...(latest.publishedBy ? { publishedBy: latest.publishedBy } : {}),
          }
        : null,
      draft: draft
        ? {
            definition: draft.definition,
            updatedAt: draft.updatedAt.toISOString(),
            validation: await call.deps.registry.validate(tenant, draft.definition),
          }
        : null,
      versions: versions.map((v) => ({
        version: v.version,
        publishedAt: v.publishedAt.toISOString(),
        ...(v.publishedBy ? { publishedBy: v.publishedBy } : {}),
      })),
      ...(archived ? { archivedAt: archived.toISOString() } : {}),
    });
  },

  "get /flow-types/:id/versions/:version": async (call) => {
    const id = call.param("id");
    const version = versionNumber(call.param("version"));
    const row = await findVersion(call.deps.db, call.principal.tenantId, id, version);
    if (!row) throw notFound(`version ${version} of flow type "${id}"`);
    const definition: FlowDefinition = row.definition;
    return json(call, {
      id,
      version,
      definition,
      publishedAt: row.publishedAt.toISOString(),
      ...(row.publishedBy ? { publishedBy: row.publishedBy } : {}),
    });
  },

  "get /catalogue": async (call) => json(call, call.deps.catalogue),
} satisfies Record<string, RouteHandler>;
