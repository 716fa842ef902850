/**
 * Runs one attempt of a phase: resolves "=" params, calls the handler with the attempt's idempotency key under
 * its timeout, then the validators on the output. Returns what happened with the attempt's record (the resolved
 * params, the validators that ran, the handler's log lines, the duration: the node's data, issue 18); deciding
 * retry or failure is the caller's. Never throws for the phase's own errors. What the handler logs goes through a
 * logger that cuts the instance's secrets out, to the process log and into the record. `$secret("name")` in the
 * params is filled in for the handler call only (secret-params.ts): the record shows "[secret:name]", and the
 * values are cut out of the output, the log lines and the error before any of them is kept.
 */
import {
  type CatalogueEntry,
  type FlowDefinition,
  type InstanceContext,
  type Logs,
  literalParams,
  type PhaseNode,
  type Validators,
} from "@mfo/schemas";
import { redactStrings, secretStrings, textRedactor } from "../crypto/redact.js";
import { ExpressionError, LIMIT_CODES } from "../expression/expression-error.js";
import { expressionFailure } from "../handlers/transform.js";
import { HandlerError } from "../handlers/types.js";
import { fillSecrets, newSecretNonce } from "../secrets/secret-params.js";
import { createAttemptLog } from "./attempt-log.js";
import { timeoutOf } from "./retry-policy.js";
import type { EngineDeps } from "./types.js";

/** What one attempt recorded besides its result: what `node_attempts` keeps of it (before sealing). */
export interface AttemptRecord {
  /** The params after "=" expressions (opened: secrets in plain text); null when resolving them failed. */
  params: Record<string, unknown> | null;
  /** The validators that ran, in order, up to the first that failed; null when none ran. */
  validators: Validators | null;
  /** The handler's log lines (redacted, bounded); null when it logged nothing. */
  logs: Logs | null;
  logsTruncated: boolean;
  idempotencyKey: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export type PhaseResult = (
  | { ok: true; output: unknown }
  | { ok: false; code: string; message: string; retryable: boolean }
) & {
  /** Present on what runPhase returns; results built elsewhere (tests, recovery) may have none. */
  record?: AttemptRecord;
};

/** What runPhase returns: the result, always with its record. */
export type PhaseOutcome = PhaseResult & { record: AttemptRecord };

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
  secretNonce?: string,
): Promise<Record<string, unknown>> {
  const options = secretNonce === undefined ? undefined : { secretNonce };
  const literal = literalParams(entry);
  if (literal.size === 0) return deps.expressions.resolveParams(params, context, options);
  const dynamic = Object.fromEntries(Object.entries(params).filter(([key]) => !literal.has(key)));
  const kept = Object.fromEntries(Object.entries(params).filter(([key]) => literal.has(key)));
  return { ...(await deps.expressions.resolveParams(dynamic, context, options)), ...kept };
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
    /** Whose secrets `$secret("name")` reads; without it every secret is missing. */
    tenantId?: string;
    attempt: number;
    input?: Record<string, unknown>;
    /** Cuts the secrets the instance holds out of a text (InstanceRun.redactor()); none when absent. */
    redact?: (text: string) => string;
    /** The handler's result, evaluated ahead: the handler is not called (see transform-chain.ts). */
    precomputed?: Precomputed;
  },
): Promise<PhaseOutcome> {
  const startedAt = deps.now();
  const began = performance.now();
  const idempotencyKey = `${ids.instanceId}:${node.id}:${ids.attempt}`;
  /** Cuts the values of the secrets the params read (set once they are read). */
  let cutSecrets: ((text: string) => string) | undefined;
  const redact = (text: string) => {
    const cut = cutSecrets ? cutSecrets(text) : text;
    return ids.redact ? ids.redact(cut) : cut;
  };
  const log = createAttemptLog(deps.logger, redact, deps.now);
  let params: Record<string, unknown> | null = null;
  let validators: Validators | null = null;
  let output: unknown = null;
  /** The result with the attempt's record; the phase's own sensitive output is cut out of what it kept. */
  const finish = (outcome: PhaseResult): PhaseOutcome => {
    const result = cutSecrets && !outcome.ok ? { ...outcome, message: cutSecrets(outcome.message) } : outcome;
    let logs = log.lines();
    const own = node.sensitive?.length ? ownSecrets(node, output) : undefined;
    if (own && own.size > 0) {
      const cut = textRedactor(own);
      logs = logs && (redactStrings(logs, cut) as Logs);
      validators = validators && (redactStrings(validators, cut) as Validators);
    }
    const record: AttemptRecord = {
      params,
      validators,
      logs,
      logsTruncated: log.truncated(),
      idempotencyKey,
      startedAt,
      finishedAt: deps.now(),
      durationMs: Math.max(0, Math.round(performance.now() - began)),
    };
    return { ...result, record };
  };
  const handler = deps.handlers.get(node.handler);
  if (!handler)
    return finish({
      ok: false,
      code: "unknown-handler",
      message: `no handler "${node.handler}" in this runtime`,
      retryable: false,
    });
  const timeoutMs = timeoutOf(definition, node);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const view: InstanceContext = ids.input ? { ...context, vars: { ...context.vars, input: ids.input } } : context;
  const handlerContext = {
    instanceId: ids.instanceId,
    nodeId: node.id,
    attempt: ids.attempt,
    idempotencyKey,
    context: view,
    signal: controller.signal,
    logger: log.logger,
  };
  try {
    const nonce = newSecretNonce();
    params = await resolveFor(deps, handler.entry, node.params ?? {}, view, nonce);
    let resolved = params;
    const tenantId = ids.tenantId;
    const secrets = await fillSecrets(params, nonce, async (name) =>
      tenantId === undefined ? undefined : deps.secrets?.read(tenantId, name),
    );
    if (secrets) {
      params = secrets.shown;
      cutSecrets = secrets.redact;
      if (!secrets.filled) {
        const names = secrets.missing.map((name) => `"${name}"`).join(", ");
        const message = `node "${node.id}" reads the secret ${names}, which this tenant does not have`;
        return finish({ ok: false, code: "secret-missing", message, retryable: false });
      }
      resolved = secrets.filled;
    }
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener(
        "abort",
        () => reject(new HandlerError(`timed out after ${timeoutMs} ms`, "timeout")),
        { once: true },
      );
    });
    output = asJson(
      ids.precomputed ? settle(ids.precomputed) : await Promise.race([handler.run(resolved, handlerContext), aborted]),
    );
    if (cutSecrets) output = redactStrings(output, cutSecrets);
    for (const ref of node.validators ?? []) {
      const validator = deps.validators.get(ref.type);
      validators ??= [];
      if (!validator) {
        const message = `no validator "${ref.type}"`;
        validators.push({ type: ref.type, ok: false, message });
        return finish({ ok: false, code: "unknown-validator", message, retryable: false });
      }
      const vparams = await resolveFor(deps, validator.entry, ref.params ?? {}, view);
      const verdict = await validator.check(output, vparams, handlerContext);
      if (!verdict.ok) {
        const message = textRedactor(ownSecrets(node, output))(ref.message ?? verdict.message);
        validators.push({ type: ref.type, ok: false, message });
        return finish({ ok: false, code: "validation-failed", message, retryable: true });
      }
      validators.push({ type: ref.type, ok: true });
    }
    return finish({ ok: true, output });
  } catch (error) {
    if (error instanceof HandlerError)
      return finish({ ok: false, code: error.code, message: error.message, retryable: error.retryable });
    // An "=" param stopped by a limit: that limit's code and retry rule; other expression failures as ever.
    if (error instanceof ExpressionError && error.limit) {
      const { limit } = error;
      return finish({ ok: false, code: limit, message: error.message, retryable: LIMIT_CODES[limit].retryable });
    }
    const e = error as { message?: unknown; code?: unknown };
    return finish({
      ok: false,
      code: typeof e.code === "string" ? e.code : "handler-error",
      message: typeof e.message === "string" ? e.message : String(error),
      retryable: true,
    });
  } finally {
    clearTimeout(timer);
  }
}
