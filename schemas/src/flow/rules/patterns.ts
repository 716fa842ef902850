/**
 * Every pattern in a JSON Schema the flow author wrote (the flow's `input`, and params that are JSON Schemas,
 * such as the `schema` validator's) can run on the linear-time engine. A lookaround or backreference is refused
 * here, at the `pattern` or `patternProperties` key that holds it, so that publish, the validate endpoint and
 * the designer's problems panel all name the node and pointer, instead of the flow failing when it runs.
 */
import { userSchemaProblem } from "../../ajv/create-ajv.js";
import { patternProblem } from "../../ajv/linear-regexp.js";
import { escapePointerToken } from "../../json/pointer.js";
import { type GraphNode, isObject, type Rule, type RuleContext } from "../flow-graph.js";
import { literalParams } from "./references.js";

/** Keywords whose value is one subschema or a list of them. */
const SUBSCHEMA = new Set([
  "items",
  "prefixItems",
  "additionalItems",
  "contains",
  "additionalProperties",
  "unevaluatedItems",
  "unevaluatedProperties",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "allOf",
  "anyOf",
  "oneOf",
]);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "dependencies",
]);

/** The pointer and reason of each pattern in `schema` (at `base`) that the linear engine refuses. */
export function unsupportedPatterns(schema: unknown, base: string): Array<{ path: string; message: string }> {
  const found: Array<{ path: string; message: string }> = [];
  const check = (pattern: string, path: string) => {
    const problem = patternProblem(pattern);
    if (problem) found.push({ path, message: `pattern ${JSON.stringify(pattern)} cannot be used: ${problem}` });
  };
  const stack: Array<{ value: unknown; path: string }> = [{ value: schema, path: base }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push({ value: item, path: `${path}/${i}` });
      });
      continue;
    }
    if (!isObject(value)) continue;
    if (typeof value.pattern === "string") check(value.pattern, `${path}/pattern`);
    if (isObject(value.patternProperties)) {
      for (const key of Object.keys(value.patternProperties))
        check(key, `${path}/patternProperties/${escapePointerToken(key)}`);
    }
    for (const [keyword, child] of Object.entries(value)) {
      const at = `${path}/${escapePointerToken(keyword)}`;
      if (SUBSCHEMA.has(keyword)) stack.push({ value: child, path: at });
      else if (SCHEMA_MAP.has(keyword) && isObject(child)) {
        for (const [name, sub] of Object.entries(child))
          stack.push({ value: sub, path: `${at}/${escapePointerToken(name)}` });
      }
    }
  }
  return found;
}

/** Reports the refused patterns of one user schema; `nodeId` when it belongs to a node. */
function checkSchema(schema: unknown, path: string, { report }: RuleContext, nodeId?: string): void {
  if (!isObject(schema)) return; // booleans hold no pattern; other values are the schema stage's to report
  const found = unsupportedPatterns(schema, path);
  // Should a refused pattern sit where the walk above does not look, the compile still names it: report that.
  if (found.length === 0 && userSchemaProblem(schema)?.pattern) {
    found.push({ path, message: userSchemaProblem(schema)?.message ?? "" });
  }
  for (const { path: at, message } of found) {
    report({
      path: at,
      ...(nodeId === undefined ? {} : { nodeId }),
      code: "unsupported-pattern",
      message: `${message} (patterns run on a linear-time engine with RE2's syntax: no lookarounds or backreferences)`,
    });
  }
}

/** The params of a handler or validator that are JSON Schemas, each checked. */
function checkParams(
  node: GraphNode,
  base: string,
  literal: ReadonlySet<string>,
  params: unknown,
  context: RuleContext,
) {
  if (!isObject(params)) return;
  for (const name of literal) {
    if (name in params) checkSchema(params[name], `${base}/params/${escapePointerToken(name)}`, context, node.id);
  }
}

export const patterns: Rule = (context) => {
  const { graph, catalogue } = context;
  checkSchema(graph.document.input, "/input", context);
  for (const node of graph.nodes) {
    if (node.info?.type !== "phase") continue;
    const { handler, params, validators } = node.value;
    const entry = typeof handler === "string" ? catalogue.handlers.get(handler) : undefined;
    if (entry) checkParams(node, node.path, literalParams(entry), params, context);
    if (!Array.isArray(validators)) continue;
    validators.forEach((ref, j) => {
      if (!isObject(ref) || typeof ref.type !== "string") return;
      const validator = catalogue.validators.get(ref.type);
      if (validator) checkParams(node, `${node.path}/validators/${j}`, literalParams(validator), ref.params, context);
    });
  }
};
