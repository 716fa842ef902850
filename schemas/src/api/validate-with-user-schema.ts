/** Checks a value (an instance's input) against a JSON Schema a user wrote, with MFO's error shape. */
import { checkUserSchema, userSchemaValidator } from "../ajv/create-ajv.js";
import { sortErrors } from "../errors/sort-errors.js";
import { translateAjvErrors } from "../errors/translate-ajv-errors.js";
import type { ValidationResult } from "../generated/types.js";
import { inspectJson } from "../json/inspect-json.js";

/** Validates `value` against `schema`; an unusable schema is reported as an error at "". Never throws. */
export function validateWithUserSchema(schema: unknown, value: unknown): ValidationResult {
  const unusable = checkUserSchema(schema);
  if (unusable) return { valid: false, errors: [{ path: "", code: "invalid-schema", message: unusable }] };
  const notJson = inspectJson(value);
  if (notJson) return { valid: false, errors: [{ path: notJson.path, code: "not-json", message: notJson.message }] };
  const validate = userSchemaValidator(schema);
  if (validate(value)) return { valid: true, errors: [] };
  return { valid: false, errors: sortErrors(translateAjvErrors(validate.errors)) };
}
