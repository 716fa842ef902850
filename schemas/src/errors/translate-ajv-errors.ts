/**
 * Turns ajv's errors into MFO's: one `{ path, code, message }` per real problem, phrased for a person as a
 * sentence that names its field ("Name must not be empty"), since the problems list and the API show it away
 * from the field. Alternatives that failed as a whole (`oneOf`, `anyOf`) become one message instead of one per
 * branch; an empty expression is one problem, not a length and a syntax error.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { EXPRESSION_FORMAT, JSON_SCHEMA_KEYWORD } from "../ajv/create-ajv.js";
import { checkExpression, describeExpressionProblem } from "../expression/check-expression.js";
import type { ValidationError } from "../generated/types.js";
import { escapePointerToken } from "../json/pointer.js";
import { sentence } from "./field-name.js";

const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const listOf = (values: readonly unknown[]): string => values.map(quote).join(", ");

const article = (type: string): string => (type === "array" || type === "object" || type === "integer" ? "an" : "a");

function typeMessage(expected: unknown): string {
  const types = Array.isArray(expected) ? expected.map(String) : String(expected).split(",");
  return `must be ${types.map((t) => `${article(t)} ${t}`).join(" or ")}`;
}

function schemaDescription(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as { description?: unknown } | undefined;
  return typeof parent?.description === "string" ? parent.description : undefined;
}

/** Branches that only say which property must be there: `oneOf: [{ required: [a] }, { required: [b] }]`. */
function requiredAlternatives(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const names: string[] = [];
  for (const branch of branches) {
    const required = (branch as { required?: unknown }).required;
    if (!Array.isArray(required) || required.length !== 1) return undefined;
    names.push(String(required[0]));
  }
  return names;
}

/** How many there are of what a length keyword counts (ajv counts characters as code points). */
function countOf(data: unknown): number | undefined {
  if (typeof data === "string") return [...data].length;
  if (Array.isArray(data)) return data.length;
  if (data !== null && typeof data === "object") return Object.keys(data).length;
  return undefined;
}

const LENGTH_UNITS: Record<string, string> = {
  minLength: "characters",
  maxLength: "characters",
  minItems: "items",
  maxItems: "items",
  minProperties: "entries",
  maxProperties: "entries",
};

/** "must not be empty", "is too long: at most 200 characters (it has 236)", "needs at least 2 items (it has 1)". */
function lengthPredicate(keyword: string, limit: number, data: unknown): string {
  const unit = LENGTH_UNITS[keyword] ?? "items";
  const count = countOf(data);
  const has = count === undefined ? "" : ` (it has ${count})`;
  if (keyword.startsWith("min")) {
    if (limit === 1) return "must not be empty";
    return unit === "characters"
      ? `is too short: at least ${limit} ${unit}${has}`
      : `needs at least ${limit} ${unit}${has}`;
  }
  return unit === "characters"
    ? `is too long: at most ${limit} ${unit}${has}`
    : `has too many ${unit}: at most ${limit}${has}`;
}

const RANGE_WORDS: Record<string, string> = {
  minimum: "at least",
  maximum: "at most",
  exclusiveMinimum: "more than",
  exclusiveMaximum: "less than",
};

function rangePredicate(keyword: string, limit: unknown, data: unknown): string {
  const is = typeof data === "number" ? ` (it is ${data})` : "";
  return `must be ${RANGE_WORDS[keyword] ?? "within"} ${String(limit)}${is}`;
}

/** An expression that is empty or only blanks: said once, the same way whichever keyword noticed it. */
const isBlank = (data: unknown): boolean => typeof data === "string" && data.trim() === "";

function translate(error: ErrorObject): ValidationError {
  const path = error.instancePath;
  const p = error.params as Record<string, unknown>;
  const say = (predicate: string) => sentence(path, predicate);
  switch (error.keyword) {
    case "required":
      return { path, code: "missing-property", message: `missing required property ${quote(p.missingProperty)}` };
    case "unevaluatedProperties":
    case "additionalProperties": {
      const name = String(p.unevaluatedProperty ?? p.additionalProperty);
      return {
        path: `${path}/${escapePointerToken(name)}`,
        code: "unknown-property",
        message: `unknown property ${quote(name)}`,
      };
    }
    case "discriminator":
      if (p.error === "mapping") {
        const known = ((error.parentSchema as { oneOf?: Array<{ $ref?: string }> }).oneOf ?? []).map((b) =>
          String(b.$ref ?? "").replace(/^.*\/(\w+)Node$/, "$1"),
        );
        return {
          path: `${path}/type`,
          code: "unknown-node-type",
          message: `unknown node type ${quote(p.tagValue)}; use one of ${known.join(", ")}`,
        };
      }
      return { path, code: "wrong-type", message: `${quote(p.tag)} must be a string` };
    case "type":
      return { path, code: "wrong-type", message: say(typeMessage(p.type)) };
    case "const":
      return { path, code: "invalid-value", message: say(`must be ${quote(p.allowedValue)}`) };
    case "enum":
      return { path, code: "invalid-value", message: say(`must be one of ${listOf(p.allowedValues as unknown[])}`) };
    case "pattern":
    case "not": {
      const description = schemaDescription(error);
      const message = description
        ? `${quote(error.data)} is not allowed here: ${description}`
        : `${quote(error.data)} must match ${String(p.pattern ?? "the schema")}`;
      return { path, code: "invalid-value", message: say(message) };
    }
    case "format":
      if (p.format === EXPRESSION_FORMAT && typeof error.data === "string") {
        if (isBlank(error.data)) return { path, code: "invalid-expression", message: say("must not be empty") };
        const problem = checkExpression(error.data);
        const detail = problem ? describeExpressionProblem(problem) : "does not parse";
        return { path, code: "invalid-expression", message: say(`is not a valid JSONata expression: ${detail}`) };
      }
      return { path, code: "invalid-format", message: say(`must be a valid ${String(p.format)}`) };
    case JSON_SCHEMA_KEYWORD:
      return { path, code: "invalid-schema", message: error.message ?? "is not a usable JSON Schema" };
    case "oneOf": {
      const names = requiredAlternatives(error.schema);
      if (names) {
        const both = Array.isArray(p.passingSchemas);
        const message = both
          ? `has more than one of ${listOf(names)}; keep exactly one`
          : `needs exactly one of ${listOf(names)}`;
        return { path, code: "invalid-combination", message: say(message) };
      }
      return {
        path,
        code: "invalid-value",
        message: say(`must match exactly one form: ${schemaDescription(error) ?? ""}`),
      };
    }
    case "anyOf":
      return {
        path,
        code: "invalid-value",
        message: say(`must be ${schemaDescription(error) ?? "one of the allowed forms"}`),
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path, code: "out-of-range", message: say(rangePredicate(error.keyword, p.limit, error.data)) };
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
      return {
        path,
        code: "invalid-length",
        message: say(lengthPredicate(error.keyword, Number(p.limit), error.data)),
      };
    case "uniqueItems":
      return {
        path,
        code: "duplicate-items",
        message: say(`must not repeat items (items ${p.j} and ${p.i} are equal)`),
      };
    default:
      return { path, code: `schema-${error.keyword}`, message: say(error.message ?? `fails ${error.keyword}`) };
  }
}

const isUnder = (path: string, base: string): boolean => path === base || path.startsWith(`${base}/`);

/**
 * Translates ajv's errors. A failed `oneOf`/`anyOf` swallows its branches' errors at the same place; when a
 * branch got further (an error deeper inside the value), that deeper error is kept and the summary dropped,
 * since it names the actual mistake.
 */
export function translateAjvErrors(errors: readonly ErrorObject[] | null | undefined): ValidationError[] {
  if (!errors || errors.length === 0) return [];
  const dropped = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== "oneOf" && error.keyword !== "anyOf") continue;
    const base = error.instancePath;
    const branchPrefix = `${error.schemaPath}/`;
    let deeper = false;
    for (const other of errors) {
      if (other === error || !isUnder(other.instancePath, base)) continue;
      if (other.instancePath !== base) deeper = true;
      else if (other.schemaPath.startsWith(branchPrefix)) dropped.add(other);
    }
    if (deeper && requiredAlternatives(error.schema) === undefined) dropped.add(error);
  }
  // An empty expression fails both minLength and the JSONata format: the length error says it (once).
  for (const error of errors) {
    if (error.keyword !== "format" || (error.params as { format?: string }).format !== EXPRESSION_FORMAT) continue;
    if (errors.some((o) => o.keyword === "minLength" && o.instancePath === error.instancePath)) dropped.add(error);
  }
  // A node without a usable `type` also fails the discriminator's tag check: one message is enough.
  for (const error of errors) {
    if (error.keyword !== "discriminator" || (error.params as { error?: string }).error !== "tag") continue;
    if (
      errors.some(
        (o) =>
          o !== error && (o.instancePath === error.instancePath || o.instancePath === `${error.instancePath}/type`),
      )
    ) {
      dropped.add(error);
    }
  }
  return errors.filter((e) => !dropped.has(e)).map(translate);
}
