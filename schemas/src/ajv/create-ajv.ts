/**
 * The ajv instances MFO validates with. Contract schemas (ours) are compiled once, in strict mode; JSON Schemas
 * that users write (a flow's `input`, the `schema` validator's params) are checked with a lenient instance,
 * because a user's schema with an unknown keyword is still a schema people expect to work, and with the linear
 * regular expression engine (linear-regexp.ts), because a user's pattern runs on the event loop every tenant
 * shares. Contract schemas keep JavaScript's RegExp: their patterns are ours (or a pack's, which is code MFO runs
 * anyway) and bounded, and no user's pattern reaches that instance (`x-json-schema` values go to the lenient one).
 */
import { Ajv2020, type AnySchema, type Options, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import apiSchema from "../contract/api.schema.json" with { type: "json" };
import catalogueSchema from "../contract/catalogue.schema.json" with { type: "json" };
import flowSchema from "../contract/flow.schema.json" with { type: "json" };
import { checkExpression } from "../expression/check-expression.js";
import { linearRegExp, UnsupportedPatternError } from "./linear-regexp.js";

/** Marks a value that must itself be a JSON Schema (checked by compiling it with the lenient instance). */
export const JSON_SCHEMA_KEYWORD = "x-json-schema";
/** The format of strings that hold JSONata. */
export const EXPRESSION_FORMAT = "jsonata";

const common: Options = {
  allErrors: true,
  verbose: true,
  // Lets a `required` name a property defined elsewhere (oneOf branches, the discriminator); all else is strict.
  strictRequired: false,
  allowUnionTypes: true,
  discriminator: true,
};

/** Why a user's schema is unusable; `pattern` when the only reason found is a pattern the linear engine refuses. */
export type SchemaProblem = { message: string; pattern: boolean };

let lenient: Ajv2020 | undefined;
const schemaChecks = new Map<string, SchemaProblem | null>();
const SCHEMA_CHECK_LIMIT = 1_000;

function lenientAjv(): Ajv2020 {
  lenient ??= formats.default(
    new Ajv2020({
      ...common,
      strict: false,
      discriminator: false,
      validateFormats: true,
      code: { regExp: linearRegExp },
    }),
  );
  return lenient;
}

const userValidators = new Map<string, ValidateFunction>();

/**
 * The compiled validator of a user's JSON Schema (a flow's `input`), cached by the schema's text; throws when
 * the schema does not compile (publishing has already rejected such flows).
 */
export function userSchemaValidator(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = userValidators.get(key);
  if (validate === undefined) {
    validate = lenientAjv().compile(schema as AnySchema);
    userValidators.set(key, validate);
    if (userValidators.size > SCHEMA_CHECK_LIMIT) userValidators.delete(userValidators.keys().next().value as string);
  }
  return validate;
}

/** Why a user's JSON Schema is unusable, saying whether a refused pattern is the reason; null when it compiles. */
export function userSchemaProblem(schema: unknown): SchemaProblem | null {
  if (typeof schema === "boolean") return null;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return { message: "must be a JSON Schema object", pattern: false };
  }
  let key: string;
  try {
    key = JSON.stringify(schema);
  } catch {
    return { message: "must be plain JSON", pattern: false };
  }
  const hit = schemaChecks.get(key);
  if (hit !== undefined) return hit;
  lenient = lenientAjv();
  let problem: SchemaProblem | null = null;
  try {
    if (!lenient.validateSchema(schema as AnySchema)) {
      problem = { message: lenient.errorsText(lenient.errors, { dataVar: "schema" }), pattern: false };
    } else {
      lenient.compile(schema as AnySchema);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problem = { message, pattern: error instanceof UnsupportedPatternError };
  } finally {
    // Compiled user schemas would otherwise stay in ajv's cache for the life of the process.
    lenient.removeSchema(schema as AnySchema);
  }
  schemaChecks.set(key, problem);
  if (schemaChecks.size > SCHEMA_CHECK_LIMIT) schemaChecks.delete(schemaChecks.keys().next().value as string);
  return problem;
}

/** Why a user's JSON Schema is unusable, or null when it compiles. Never throws; results are cached. */
export function checkUserSchema(schema: unknown): string | null {
  return userSchemaProblem(schema)?.message ?? null;
}

/** A strict ajv instance that knows the contract schemas, the `jsonata` format and the `x-json-schema` keyword. */
export function createContractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ ...common, strict: true });
  formats.default(ajv);
  ajv.addFormat(EXPRESSION_FORMAT, { type: "string", validate: (text: string) => checkExpression(text) === null });
  ajv.addKeyword({
    keyword: JSON_SCHEMA_KEYWORD,
    schemaType: "boolean",
    errors: true,
    validate: function validateJsonSchema(this: unknown, enabled: boolean, data: unknown) {
      if (!enabled) return true;
      const problem = userSchemaProblem(data);
      // An unsupported pattern is validateFlow's `unsupported-pattern` rule's to report, at the pattern itself.
      if (problem === null || problem.pattern) return true;
      (validateJsonSchema as { errors?: unknown[] }).errors = [
        { keyword: JSON_SCHEMA_KEYWORD, message: `is not a usable JSON Schema: ${problem.message}`, params: {} },
      ];
      return false;
    },
  });
  ajv.addSchema([flowSchema, catalogueSchema, apiSchema] as AnySchema[]);
  return ajv;
}

let contract: Ajv2020 | undefined;

/** The process-wide contract instance; schemas compile on first use and stay compiled. */
export function contractAjv(): Ajv2020 {
  contract ??= createContractAjv();
  return contract;
}

/** The compiled validator of one contract schema or definition, e.g. `flow.schema.json` or `api.schema.json#/$defs/problem`. */
export function contractValidator(ref: string): ValidateFunction {
  const ajv = contractAjv();
  const id = `https://schemas.mfo.dev/${ref}`;
  const validate = ajv.getSchema(id);
  if (validate === undefined) throw new Error(`no contract schema ${id}`);
  return validate;
}

const paramsValidators = new WeakMap<object, ValidateFunction | Error>();

/**
 * The compiled validator of a catalogue entry's params schema, compiled once per schema object; an Error when
 * the schema itself does not compile (a catalogue author's mistake, reported on the node rather than thrown).
 */
export function paramsValidator(schema: object): ValidateFunction | Error {
  let entry = paramsValidators.get(schema);
  if (entry === undefined) {
    try {
      entry = contractAjv().compile(schema as AnySchema);
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    paramsValidators.set(schema, entry);
  }
  return entry;
}
