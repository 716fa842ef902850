/**
 * Runs one attempt of a phase: resolves "=" params, calls the handler with the attempt's idempotency key under
 * its timeout, then the validators on the output. Returns what happened; deciding retry or failure is the
 * caller's. Never throws for the phase's own errors.
 */
import {
  type CatalogueEntry,
  type FlowDefinition,
  type InstanceContext,
  literalParams,
  type PhaseNode,
} from "@mfo/schemas";
import { HandlerError } from "../handlers/types.js";
import { timeoutOf } from "./retry-policy.js";
import type { EngineDeps } from "./types.js";

export type PhaseResult =
  | { ok: true; output: unknown }
  | { ok: false; code: string; message: string; retryable: boolean };

/** Resolves "=" params, except params that are JSON Schemas (x-json-schema), which are taken literally. */
async function resolveFor(
  deps: EngineDeps,
  entry: CatalogueEntry,
  params: Record<string, unknown>,
  context: InstanceContext,
): Promise<Record<string, unknown>> {
  const literal = literalParams(entry);
  if (literal.size === 0) return deps.resolveParams(params, context);
  const dynamic = Object.fromEntries(Object.entries(params).filter(([key]) => !literal.has(key)));
  const kept = Object.fromEntries(Object.entries(params).filter(([key]) => literal.has(key)));
  return { ...(await deps.resolveParams(dynamic, context)), ...kept };
}

/** Ensures a handler's output is plain JSON (what the database and expressions can hold). */
function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export async function runPhase(
  deps: EngineDeps,
  definition: FlowDefinition,
  node: PhaseNode,
  context: InstanceContext,
  ids: { instanceId: string; attempt: number; input?: Record<string, unknown> },
): Promise<PhaseResult> {
  const handler = deps.handlers.get(node.handler);
  if (!handler)
    return {
      ok: false,
      code: "unknown-handler",
      message: `no handler "${node.handler}" in this runtime`,
      retryable: false,
    };
  const timeoutMs = timeoutOf(definition, node);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const view: InstanceContext = ids.input ? { ...context, vars: { ...context.vars, input: ids.input } } : context;
  const handlerContext = {
    instanceId: ids.instanceId,
    nodeId: node.id,
    attempt: ids.attempt,
    idempotencyKey: `${ids.instanceId}:${node.id}:${ids.attempt}`,
    context: view,
    signal: controller.signal,
    logger: deps.logger,
  };
  try {
    const params = await resolveFor(deps, handler.entry, node.params ?? {}, view);
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener(
        "abort",
        () => reject(new HandlerError(`timed out after ${timeoutMs} ms`, "timeout")),
        { once: true },
      );
    });
    const output = asJson(await Promise.race([handler.run(params, handlerContext), aborted]));
    for (const ref of node.validators ?? []) {
      const validator = deps.validators.get(ref.type);
      if (!validator)
        return { ok: false, code: "unknown-validator", message: `no validator "${ref.type}"`, retryable: false };
      const vparams = await resolveFor(deps, validator.entry, ref.params ?? {}, view);
      const verdict = await validator.check(output, vparams, handlerContext);
      if (!verdict.ok)
        return { ok: false, code: "validation-failed", message: ref.message ?? verdict.message, retryable: true };
    }
    return { ok: true, output };
  } catch (error) {
    if (error instanceof HandlerError)
      return { ok: false, code: error.code, message: error.message, retryable: error.retryable };
    const e = error as { message?: unknown; code?: unknown };
    return {
      ok: false,
      code: typeof e.code === "string" ? e.code : "handler-error",
      message: typeof e.message === "string" ? e.message : String(error),
      retryable: true,
    };
  } finally {
    clearTimeout(timer);
  }
}
