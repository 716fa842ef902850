/** Shapes shared by the engine's parts: what it is given, and the conflict an operator can see. */
import type { InstanceContext } from "@mfo/schemas";
import type { Sealer } from "../crypto/sealer.js";
import { AppError } from "../errors.js";
import type { Handler, HandlerLogger, Validator } from "../handlers/types.js";
import type { NewInstance } from "../store/instances/index.js";

export interface EngineDeps {
  handlers: ReadonlyMap<string, Handler>;
  validators: ReadonlyMap<string, Validator>;
  evaluate(source: string, data: unknown): Promise<unknown>;
  resolveParams(params: Record<string, unknown>, context: InstanceContext): Promise<Record<string, unknown>>;
  logger: HandlerLogger;
  /** Seals sensitive phase outputs at rest and opens them for expressions and handlers. */
  sealer: Sealer;
  now(): Date;
  random(): number;
  /** Builds (does not store) a child instance of a published flow type, started and pinned to its version. */
  prepareChild(
    tenantId: string,
    flowType: string,
    version: number | undefined,
    input: unknown,
    parent: { id: string; state: string },
  ): Promise<NewInstance>;
}

/** A state conflict an operator can see: wrong status, nothing waiting, or a concurrent change won. */
export class ConflictError extends AppError {
  constructor(message: string, code = "conflict") {
    super(409, code, message);
  }
}
