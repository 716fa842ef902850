/**
 * Runs one attempt of a phase: resolves "=" params, calls the handler with the attempt's idempotency key under
 * its timeout, then the validators on the output. Returns what happened; deciding retry or failure is the
 * caller's. Never throws for the phase's own errors. What the handler logs goes through a logger that cuts the
 * instance's secrets out.
 */
import {
  type CatalogueEntry,
  type FlowDefinition,
  type InstanceContext,
  literalParams,
  type PhaseNode,
} from "@mfo/schemas";
import { redactStrings, secretStrings, textRedactor } from "../crypto/redact.js";
import { ExpressionError, LIMIT_CODES } from "../expression/expression-error.js";
import { expressionFailure } from "../handlers/transform.js";
import { HandlerError, type HandlerLogger } from "../handlers/types.js";
import { timeoutOf } from "./retry-policy.js";
import type { EngineDeps } from "./types.js";

export type PhaseResult =
  | { ok: true; output: unknown }
  | { ok: false; code: string; message: string; retryable: boolean };

/** A `transform` phase's result already evaluated with its chain (transform-chain.ts): its value or failure. */
export type Precomputed = { output: unknown } | { error: ExpressionError };

/** What the transform handler would have returned or thrown with that result. */
function settle(precomputed: Precomputed): unknown {
  if ("error" in precomputed) throw expressionFailure(precomputed.error);
  return precomputed.output ?? null;
}

/** Resolves "=" params, except params that are JSON Schemas (x-json-schema), which are taken literally. */
async function resolveFor(
  deps: EngineDeps,
  entry: CatalogueEntry,
  params: Record<string, unknown>,
  context: InstanceContext,
): Promise<Record<string, unknown>> {
  const literal = literalParams(entry);
  if (literal.size === 0) return deps.expressions.resolveParams(params, context);
  const dynamic = Object.fromEntries(Object.entries(params).filter(([key]) => !literal.has(key)));
  const kept = Object.fromEntries(Object.entries(params).filter(([key]) => literal.has(key)));
  return { ...(await deps.expressions.resolveParams(dynamic, context)), ...kept };
}

/** A logger that passes the message and every string field through `redact` first. */
function redactingLogger(logger: HandlerLogger, redact: (text: string) => string): HandlerLogger {
  const at =
    (level: keyof HandlerLogger) =>
    (fields: Record<string, unknown>, message: string): void =>
      logger[level](redactStrings(fields, redact) as Record<string, unknown>, redact(message));
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** The secrets in the phase's own output (its `sensitive` fields), which is not in the context yet. */
function ownSecrets(node: PhaseNode, output: unknown): Set<string> {
  const fields = node.sensitive ?? [];
  if (fields.length === 0 || output === null || typeof output !== "object") return new Set();
  return secretStrings(fields.map((field) => (output as Record<string, unknown>)[field]));
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
  ids: {
    instanceId: string;
    attempt: number;
    input?: Record<string, unknown>;
    /** Cuts the secrets the instance holds out of a text (InstanceRun.redactor()); none when absent. */
    redact?: (text: string) => string;
    /** The handler's result, evaluated ahead: the handler is not called (see transform-chain.ts). */
    precomputed?: Precomputed;
  },
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
    logger: ids.redact ? redactingLogger(deps.logger, ids.redact) : deps.logger,
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
    const output = asJson(
      ids.precomputed ? settle(ids.precomputed) : await Promise.race([handler.run(params, handlerContext), aborted]),
    );
    for (const ref of node.validators ?? []) {
      const validator = deps.validators.get(ref.type);
      if (!validator)
        return { ok: false, code: "unknown-validator", message: `no validator "${ref.type}"`, retryable: false };
      const vparams = await resolveFor(deps, validator.entry, ref.params ?? {}, view);
      const verdict = await validator.check(output, vparams, handlerContext);
      if (!verdict.ok) {
        const message = textRedactor(ownSecrets(node, output))(ref.message ?? verdict.message);
        return { ok: false, code: "validation-failed", message, retryable: true };
      }
    }
    return { ok: true, output };
  } catch (error) {
    if (error instanceof HandlerError)
      return { ok: false, code: error.code, message: error.message, retryable: error.retryable };
    // An "=" param stopped by a limit: that limit's code and retry rule; other expression failures as ever.
    if (error instanceof ExpressionError && error.limit) {
      const { limit } = error;
      return { ok: false, code: limit, message: error.message, retryable: LIMIT_CODES[limit].retryable };
    }
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
