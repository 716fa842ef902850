/**
 * Names that must mean something: handlers, validator types and subflow flow types are in the catalogue, error
 * paths lead to nodes; params satisfy their entry's params schema; every "=" expression in params parses.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { JSON_SCHEMA_KEYWORD, paramsValidator } from "../../ajv/create-ajv.js";
import { sentence } from "../../errors/field-name.js";
import { translateAjvErrors } from "../../errors/translate-ajv-errors.js";
import { checkExpression, describeExpressionProblem, isDynamicValue } from "../../expression/check-expression.js";
import type { CatalogueEntry } from "../../generated/types.js";
import { escapePointerToken, parsePointer, pointer, resolvePointer } from "../../json/pointer.js";
import { type GraphNode, isObject, type Rule, type RuleContext } from "../flow-graph.js";

/** "a, b, c" or "a, b, ... (40 in all)": a hint, not a catalogue dump. */
function someNames(names: Iterable<string>): string {
  const all = [...names];
  return all.length <= 12 ? all.join(", ") : `${all.slice(0, 12).join(", ")}, ... (${all.length} in all)`;
}

/** Reports every "=" string inside params whose expression does not parse (iterative walk). */
function checkDynamicValues(node: GraphNode, base: string, params: unknown, { report }: RuleContext): void {
  const stack: Array<{ value: unknown; path: string }> = [{ value: params, path: base }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (isDynamicValue(value)) {
      const problem = checkExpression(value.slice(1));
      if (problem)
        report({
          path,
          nodeId: node.id,
          code: "invalid-expression",
          message: sentence(path, `is not a valid JSONata expression after "=": ${describeExpressionProblem(problem)}`),
        });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        stack.push({ value: v, path: `${path}/${i}` });
      });
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: `${path}/${escapePointerToken(k)}` });
    }
  }
}

const literalByEntry = new WeakMap<CatalogueEntry, ReadonlySet<string>>();

/**
 * Names of params whose schema marks them as JSON Schemas (x-json-schema), which hold no expressions. Worked
 * out once per catalogue entry: it is asked for every phase the engine runs and every node validated.
 */
export function literalParams(entry: CatalogueEntry): ReadonlySet<string> {
  let names = literalByEntry.get(entry);
  if (names === undefined) {
    const properties = (entry.paramsSchema as { properties?: Record<string, unknown> }).properties ?? {};
    names = new Set(
      Object.entries(properties)
        .filter(([, schema]) => isObject(schema) && schema[JSON_SCHEMA_KEYWORD] === true)
        .map(([name]) => name),
    );
    literalByEntry.set(entry, names);
  }
  return names;
}

/** Whether the error sits on (or inside) a "=" value, whose type is only known at run time. */
function onDynamicValue(params: unknown, error: ErrorObject): boolean {
  const tokens = parsePointer(error.instancePath) ?? [];
  for (let n = tokens.length; n > 0; n--) {
    const found = resolvePointer(params, pointer(...tokens.slice(0, n)));
    if (found.found && isDynamicValue(found.value)) return true;
  }
  return false;
}

/** Validates params (an absent params object counts as `{}`) against a catalogue entry's schema. */
function checkParams(
  node: GraphNode,
  owner: string,
  entry: CatalogueEntry,
  params: unknown,
  what: string,
  context: RuleContext,
): void {
  const base = params === undefined ? owner : `${owner}/params`;
  if (params !== undefined && !isObject(params)) return; // the flow schema reports the type
  const validate = paramsValidator(entry.paramsSchema);
  if (validate instanceof Error) {
    context.report({
      path: base,
      nodeId: node.id,
      code: "invalid-params",
      message: `${what} "${entry.name}" has a params schema that does not compile: ${validate.message}`,
    });
    return;
  }
  const data = params ?? {};
  if (params !== undefined) {
    // A param that is itself a JSON Schema is taken literally: "=..." there is schema text, not JSONata.
    const literal = literalParams(entry);
    for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
      if (!literal.has(key)) checkDynamicValues(node, `${base}/${escapePointerToken(key)}`, value, context);
    }
  }
  if (validate(data)) return;
  const relevant = (validate.errors ?? []).filter((e) => !onDynamicValue(data, e));
  for (const error of translateAjvErrors(relevant)) {
    context.report({
      ...error,
      path: `${base}${error.path}`,
      nodeId: node.id,
      code: error.code === "invalid-expression" ? "invalid-expression" : "invalid-params",
      message: `${params === undefined ? "params " : ""}${error.message} (${what} "${entry.name}")`,
    });
  }
}

function checkPhase(node: GraphNode, context: RuleContext): void {
  const { catalogue, report } = context;
  const { handler, params, validators } = node.value;
  if (typeof handler === "string") {
    const entry = catalogue.handlers.get(handler);
    if (entry) checkParams(node, node.path, entry, params, "handler", context);
    else
      report({
        path: `${node.path}/handler`,
        nodeId: node.id,
        code: "unknown-handler",
        message: `unknown handler "${handler}"; known: ${someNames(catalogue.handlers.keys())}`,
      });
  }
  if (!Array.isArray(validators)) return;
  validators.forEach((ref, j) => {
    if (!isObject(ref) || typeof ref.type !== "string") return;
    const path = `${node.path}/validators/${j}`;
    const entry = catalogue.validators.get(ref.type);
    if (entry) checkParams(node, path, entry, ref.params, "validator", context);
    else
      report({
        path: `${path}/type`,
        nodeId: node.id,
        code: "unknown-validator",
        message: `unknown validator "${ref.type}"; known: ${someNames(catalogue.validators.keys())}`,
      });
  });
}

export const references: Rule = (context) => {
  const { graph, catalogue, report } = context;
  const checkGoto = (path: string, target: string, nodeId?: string) => {
    if (graph.byId.has(target)) return;
    report({
      path,
      ...(nodeId === undefined ? {} : { nodeId }),
      code: "unknown-goto-target",
      message: `onError goes to "${target}", which is not a node of this flow`,
    });
  };
  const settings = graph.document.settings;
  if (isObject(settings) && isObject(settings.onError) && typeof settings.onError.goto === "string") {
    checkGoto("/settings/onError/goto", settings.onError.goto);
  }
  for (const node of graph.nodes) {
    const type = node.info?.type;
    if (type === "phase") {
      checkPhase(node, context);
      const onError = node.value.onError;
      if (isObject(onError) && typeof onError.goto === "string")
        checkGoto(`${node.path}/onError/goto`, onError.goto, node.id);
    } else if (type === "subflow") {
      const flowType = node.value.flowType;
      const known = catalogue.flowTypes;
      if (typeof flowType === "string" && known && !known.has(flowType) && flowType !== graph.document.id) {
        report({
          path: `${node.path}/flowType`,
          nodeId: node.id,
          code: "unknown-flow-type",
          message: `subflow "${node.id}" runs flow type "${flowType}", which is not published`,
        });
      }
    }
  }
};
