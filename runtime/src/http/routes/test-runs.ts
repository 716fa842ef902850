/**
 * Trying a draft before publishing it: a test run of the whole draft, one phase tested alone, and the definition an
 * instance runs. A test run validates the draft exactly as publishing does, stores it as a test revision
 * (test_revisions, reused for the same definition) and starts an instance pinned to it through the same create as
 * POST /flows (pure steps at create, `?wait=`). A flow type never published nor saved may be test-run: instances
 * name their flow type by id only (no foreign key), and nothing is written to flow_types.
 */
import type { TestRunRequest } from "@mfo/schemas";
import { invalid, notFound } from "../../errors.js";
import { readStatus } from "../../store/instances/index.js";
import type { RouteHandler } from "../context.js";
import { actorOf } from "../context.js";
import { isUuid } from "../request-checks.js";
import { answerCreate } from "./flows.js";
import { testStep } from "./test-step.js";

export const testRunRoutes = {
  "post /flow-types/:id/draft/test-runs": async (call) => {
    const { definition, input, name } = call.body as TestRunRequest;
    const id = call.param("id");
    if ((definition as { id?: unknown }).id !== id) {
      throw invalid(`the draft's id must be "${id}"`, [
        { path: "/id", code: "invalid-value", message: `must be "${id}"` },
      ]);
    }
    const tenantId = call.principal.tenantId;
    const actor = actorOf(call);
    const { revision, version } = await call.deps.registry.storeTestRevision(tenantId, definition, actor);
    return answerCreate(call, () =>
      call.deps.engine.createTest(
        tenantId,
        { flowType: id, revision, version, ...(input ? { input } : {}), ...(name ? { name } : {}) },
        actor,
      ),
    );
  },

  "post /flow-types/:id/draft/test-step": testStep,

  "get /flows/:id/definition": async (call) => {
    const id = call.param("id");
    const tenantId = call.principal.tenantId;
    // The lean read (no snapshot, no context): only which definition the instance runs is needed.
    const row = isUuid(id) ? await readStatus(call.deps.db, tenantId, id) : undefined;
    if (!row) throw notFound(`flow instance ${id}`);
    const definition =
      row.testRevision === null
        ? await call.deps.registry.definition(tenantId, row.flowTypeId, row.version)
        : await call.deps.registry.testDefinition(tenantId, row.flowTypeId, row.testRevision);
    return call.c.json(definition as object);
  },
} satisfies Record<string, RouteHandler>;
