/**
 * @mfo/runtime/pack: what a pack needs from the runtime to add handlers, validators and templates: the pack
 * contract, the handler and validator types, and the helpers the built-ins use themselves.
 */
export type {
  Handler,
  HandlerContext,
  HandlerLogger,
  Validator,
  ValidatorResult,
} from "../handlers/types.js";
export { HandlerError } from "../handlers/types.js";
export { valueAtPath } from "../validators/required.js";
export { isPack, type Pack, type PackTemplate } from "./pack.js";
export { createPureHandler, domainError, invalidParams } from "./pure-handler.js";
