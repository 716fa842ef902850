/**
 * Validation of REST bodies against api.schema.json, with the same error shape as validateFlow, so the API's
 * 422 problem documents read alike whatever failed.
 */
import { contractValidator } from "../ajv/create-ajv.js";
import apiSchema from "../contract/api.schema.json" with { type: "json" };
import { sortErrors } from "../errors/sort-errors.js";
import { translateAjvErrors } from "../errors/translate-ajv-errors.js";
import type { ValidationResult } from "../generated/types.js";
import { inspectJson } from "../json/inspect-json.js";

/** A definition of api.schema.json, e.g. "createInstanceRequest". */
export type ApiBodyName = keyof (typeof apiSchema)["$defs"];

/** Validates a body against one api.schema.json definition. Never throws. */
export function validateBody(name: ApiBodyName, body: unknown): ValidationResult {
  const notJson = inspectJson(body);
  if (notJson) return { valid: false, errors: [{ path: notJson.path, code: "not-json", message: notJson.message }] };
  const validate = contractValidator(`api.schema.json#/$defs/${name}`);
  if (validate(body)) return { valid: true, errors: [] };
  return { valid: false, errors: sortErrors(translateAjvErrors(validate.errors)) };
}
