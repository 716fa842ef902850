/**
 * The `schema` validator: checks a phase output against a JSON Schema 2020-12 that the flow author wrote.
 * The ajv instance is lenient (`strict: false`) because a user's schema with an unknown keyword is still a
 * schema people expect to work, and its patterns run on the schemas package's linear-time engine (RE2's
 * semantics), since a backtracking pattern would stall the event loop every tenant shares. Compiling costs far more than validating, so compiled validators are kept in a
 * bounded least-recently-used map keyed by the schema's JSON text; ajv's own cache is emptied after each
 * compile so that it cannot grow without bound, and so that two flows may reuse one `$id`.
 */
import { linearRegExp } from "@mfo/schemas";
import { Ajv2020, type AnySchema, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { builtinEntry } from "../handlers/builtin-entry.js";
import type { Validator } from "../handlers/types.js";

/** Compiled schemas kept. */
export const SCHEMA_CACHE_LIMIT = 500;
/** Errors named in a failure message; the rest are counted. */
const ERRORS_SHOWN = 3;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction | Error>();

function lenientAjv(): Ajv2020 {
  ajv ??= formats.default(
    new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, code: { regExp: linearRegExp } }),
  );
  return ajv;
}

/** The compiled validator of `schema`, or the Error that compiling it raised; cached by JSON text. */
function compile(schema: AnySchema): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit !== undefined) {
    compiled.delete(key);
    compiled.set(key, hit);
    return hit;
  }
  const instance = lenientAjv();
  let entry: ValidateFunction | Error;
  try {
    entry = instance.compile(schema);
  } catch (error) {
    entry = error instanceof Error ? error : new Error(String(error));
  } finally {
    // ajv keys its own cache by the schema object, which a new params object never hits again.
    if (typeof schema === "object") instance.removeSchema(schema);
  }
  compiled.set(key, entry);
  if (compiled.size > SCHEMA_CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  return entry;
}

function describeErrors(errors: readonly ErrorObject[]): string {
  const shown = errors
    .slice(0, ERRORS_SHOWN)
    .map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`);
  const more = errors.length > ERRORS_SHOWN ? ` (and ${errors.length - ERRORS_SHOWN} more)` : "";
  return `${shown.join("; ")}${more}`;
}

/** Fails when the output does not satisfy `params.schema`, listing the first errors with their JSON pointers. */
export function createSchemaValidator(): Validator {
  return {
    entry: builtinEntry("validators", "schema"),
    async check(output, params) {
      const schema = params.schema;
      if (typeof schema !== "boolean" && (schema === null || typeof schema !== "object" || Array.isArray(schema))) {
        return { ok: false, message: "params.schema must be a JSON Schema object or boolean" };
      }
      const validate = compile(schema as AnySchema);
      if (validate instanceof Error) return { ok: false, message: `params.schema is not usable: ${validate.message}` };
      if (validate(output)) return { ok: true };
      return { ok: false, message: `output does not match the schema: ${describeErrors(validate.errors ?? [])}` };
    },
  };
}

/** How many compiled schemas are cached; lets tests check the bound. */
export function schemaCacheSize(): number {
  return compiled.size;
}
