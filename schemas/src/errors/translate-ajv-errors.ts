/**
 * Turns ajv's errors into MFO's: one `{ path, code, message }` per real problem, phrased for a person.
 * Alternatives that failed as a whole (`oneOf`, `anyOf`) become one message instead of one per branch.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { EXPRESSION_FORMAT, JSON_SCHEMA_KEYWORD } from "../ajv/create-ajv.js";
import { checkExpression, describeExpressionProblem } from "../expression/check-expression.js";
import type { ValidationError } from "../generated/types.js";
import { escapePointerToken } from "../json/pointer.js";

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

function translate(error: ErrorObject): ValidationError {
  const path = error.instancePath;
  const p = error.params as Record<string, unknown>;
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
      return { path, code: "wrong-type", message: typeMessage(p.type) };
    case "const":
      return { path, code: "invalid-value", message: `must be ${quote(p.allowedValue)}` };
    case "enum":
      return { path, code: "invalid-value", message: `must be one of ${listOf(p.allowedValues as unknown[])}` };
    case "pattern":
    case "not": {
      const description = schemaDescription(error);
      const message = description
        ? `${quote(error.data)} is not allowed here: ${description}`
        : `${quote(error.data)} must match ${String(p.pattern ?? "the schema")}`;
      return { path, code: "invalid-value", message };
    }
    case "format":
      if (p.format === EXPRESSION_FORMAT && typeof error.data === "string") {
        const problem = checkExpression(error.data);
        const detail = problem ? describeExpressionProblem(problem) : "does not parse";
        return { path, code: "invalid-expression", message: `invalid JSONata expression: ${detail}` };
      }
      return { path, code: "invalid-format", message: `must be a valid ${String(p.format)}` };
    case JSON_SCHEMA_KEYWORD:
      return { path, code: "invalid-schema", message: error.message ?? "is not a usable JSON Schema" };
    case "oneOf": {
      const names = requiredAlternatives(error.schema);
      if (names) {
        const both = Array.isArray(p.passingSchemas);
        const message = both
          ? `has more than one of ${listOf(names)}; keep exactly one`
          : `needs exactly one of ${listOf(names)}`;
        return { path, code: "invalid-combination", message };
      }
      return { path, code: "invalid-value", message: `must match exactly one form: ${schemaDescription(error) ?? ""}` };
    }
    case "anyOf":
      return {
        path,
        code: "invalid-value",
        message: `must be ${schemaDescription(error) ?? "one of the allowed forms"}`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path, code: "out-of-range", message: error.message ?? "is out of range" };
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
      return { path, code: "invalid-length", message: error.message ?? "has the wrong length" };
    case "uniqueItems":
      return { path, code: "duplicate-items", message: `must not repeat items (items ${p.j} and ${p.i} are equal)` };
    default:
      return { path, code: `schema-${error.keyword}`, message: error.message ?? `fails ${error.keyword}` };
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
