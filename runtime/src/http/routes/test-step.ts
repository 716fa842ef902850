/**
 * Testing one phase of a draft alone (POST /flow-types/:id/draft/test-step), like Step Functions' TestState: the
 * phase's handler and validators run once with the context given, through the same runPhase as a real attempt
 * (the handler's SSRF guard, the node's time limit, the expression pool), and the answer says what happened.
 * Only the phase itself must make sense: the rest of the draft may still be unfinished. Nothing is stored but the
 * audit row. The phase's `sensitive` output fields answer "[redacted]", as they would in a run.
 */
import type { FlowDefinition, InstanceContext, PhaseNode, TestStepRequest, TestStepResult } from "@mfo/schemas";
import { REDACTED } from "../../crypto/redact.js";
import { invalid } from "../../errors.js";
import { insertAudit } from "../../store/audit-repository.js";
import type { RouteHandler } from "../context.js";
import { actorOf } from "../context.js";

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The context's three parts, each an object (missing ones empty); 422 naming the one that is not. */
function contextOf(given: Record<string, unknown> | undefined): InstanceContext {
  const parts = { input: {}, phases: {}, vars: {}, ...given };
  for (const key of ["input", "phases", "vars"] as const) {
    if (!isObject(parts[key]))
      throw invalid(`the context's ${key} must be an object`, [
        { path: `/context/${key}`, code: "wrong-type", message: "must be an object" },
      ]);
  }
  return parts as InstanceContext;
}

/** The phase named `nodeId` in the definition; 422 naming /nodeId when there is none. */
function phaseOf(definition: Record<string, unknown>, nodeId: string): PhaseNode {
  const nodes = Array.isArray(definition.nodes) ? (definition.nodes as unknown[]) : [];
  const node = nodes.find((n) => isObject(n) && n.id === nodeId) as Record<string, unknown> | undefined;
  if (node?.type !== "phase" || typeof node.handler !== "string") {
    const message = node ? `node "${nodeId}" is not a phase` : `the definition has no node "${nodeId}"`;
    throw invalid(message, [{ path: "/nodeId", code: "invalid-value", message }]);
  }
  return node as unknown as PhaseNode;
}

/** The output with the phase's sensitive fields cut out. */
function redactedOutput(node: PhaseNode, output: unknown): unknown {
  if (!node.sensitive?.length || !isObject(output)) return output;
  return { ...output, ...Object.fromEntries(node.sensitive.filter((f) => f in output).map((f) => [f, REDACTED])) };
}

export const testStep: RouteHandler = async (call) => {
  const { definition, nodeId, context } = call.body as TestStepRequest;
  const id = call.param("id");
  if ((definition as { id?: unknown }).id !== id)
    throw invalid(`the draft's id must be "${id}"`, [
      { path: "/definition/id", code: "invalid-value", message: `must be "${id}"` },
    ]);
  const node = phaseOf(definition, nodeId);
  const outcome = await call.deps.engine.testPhase(
    call.principal.tenantId,
    definition as unknown as FlowDefinition,
    node,
    contextOf(context as Record<string, unknown> | undefined),
  );
  const { record } = outcome;
  const result: TestStepResult = {
    ok: outcome.ok,
    ...(record.params ? { input: record.params } : {}),
    ...(outcome.ok ? { output: redactedOutput(node, outcome.output) as TestStepResult["output"] } : {}),
    error: outcome.ok ? null : { code: outcome.code, message: outcome.message, retryable: outcome.retryable },
    validators: record.validators ?? [],
    logs: record.logs ?? [],
    logsTruncated: record.logsTruncated,
    durationMs: record.durationMs,
  };
  await insertAudit(call.deps.db, actorOf(call), "flow-type.draft.test-step", id, { nodeId, ok: outcome.ok });
  return call.c.json(result);
};
