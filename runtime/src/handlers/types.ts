/**
 * What the engine calls to do a phase's work (handlers) and to check its output (validators). Each carries
 * its catalogue entry, whose params schema the designer renders and publishing checks; the engine resolves
 * "=" params before calling, so `params` here are plain values.
 */
import type { CatalogueEntry, InstanceContext } from "@mfo/schemas";

export interface HandlerLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface HandlerContext {
  instanceId: string;
  nodeId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** `${instanceId}:${nodeId}:${attempt}`: the same when a crash makes the engine re-run an attempt. */
  idempotencyKey: string;
  /** The instance context as expressions see it. Read-only: handlers return output, they do not mutate. */
  context: Readonly<InstanceContext>;
  /** Aborted when the attempt's timeout passes or the runtime shuts down. */
  signal: AbortSignal;
  logger: HandlerLogger;
}

export interface Handler {
  entry: CatalogueEntry;
  /** The phase output: any JSON value. A thrown error fails the attempt (and may be retried). */
  run(params: Record<string, unknown>, context: HandlerContext): Promise<unknown>;
}

export type ValidatorResult = { ok: true } | { ok: false; message: string };

export interface Validator {
  entry: CatalogueEntry;
  check(output: unknown, params: Record<string, unknown>, context: HandlerContext): Promise<ValidatorResult>;
}

const HANDLER_ERROR = Symbol.for("mfo.handler-error");

/**
 * An error a handler throws on purpose, with a code the engine records and a flag saying whether another
 * attempt could succeed (a 404 will not; a timeout might). `instanceof` recognises it by a registered symbol,
 * not by class identity: a pack may bring its own copy of this module (installed beside the runtime, or built
 * against its dist while the runtime runs from source in tests), and its errors must still be classified.
 */
export class HandlerError extends Error {
  readonly [HANDLER_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && HANDLER_ERROR in value;
  }

  constructor(
    message: string,
    readonly code: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = "HandlerError";
  }
}
